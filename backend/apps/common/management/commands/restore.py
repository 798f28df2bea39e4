from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.common.backup import BackupError, restore


class Command(BaseCommand):
    help = ("Restore a `backup` archive over this site's database and private proofs. Stop the web, the "
            "worker and beat first. A mismatched archive (other database kind, newer migrations, a damaged "
            "member) is refused before anything is touched.")

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, **options):
        archive = options["archive"]
        if not options["yes"] and options.get("interactive", True):
            answer = input(f"This replaces the database and the private proofs with {archive}. Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            restore(archive, log=lambda text: self.stdout.write(f"  ok  {text}"))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Restored {archive}.")
