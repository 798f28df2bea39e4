from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = ("Apply migrations (the realtime layer's file too) and create the cache table in one process, "
            "without the system checks (the server runs them): what `make run` does before serving, so a "
            "restart stays fast.")
    requires_system_checks = []

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        call_command("migrate", interactive=False, verbosity=verbosity, skip_checks=True)
        call_command("createcachetable", verbosity=verbosity)
        if "realtime" in settings.DATABASES:  # the embedded channel layer's own file (apps/realtime/routers.py)
            call_command("migrate", database="realtime", interactive=False, verbosity=verbosity, skip_checks=True)
