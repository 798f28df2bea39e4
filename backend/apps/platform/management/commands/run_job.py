from django.core.management.base import BaseCommand, CommandError

from apps.common.errors import ApplicationError

from ...jobs.registry import get_job, job_heartbeats, run_job


class Command(BaseCommand):
    help = "Run a registered job now (recording its heartbeat), or list the jobs with --list."

    def add_arguments(self, parser) -> None:
        parser.add_argument("name", nargs="?", help="the job to run")
        parser.add_argument("--list", action="store_true", dest="show_list",
                            help="list the registered jobs and their last run")

    def handle(self, *args, name: str | None = None, show_list: bool = False, **options) -> None:
        if show_list:
            for beat in job_heartbeats():
                every = f"every {beat['every_seconds']}s" if beat["every_seconds"] else "on demand"
                last = beat["last_run"].isoformat() if beat["last_run"] else "never"
                status = {True: "ok", False: "FAILED", None: "-"}[beat["ok"]]
                self.stdout.write(f"{beat['name']:<36} {every:<16} last run: {last} ({status})  {beat['description']}")
            return
        if not name:
            raise CommandError("Name a job to run, or use --list.")
        try:
            get_job(name)
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        beat = run_job(name)
        if not beat["ok"]:
            raise CommandError(f"Job {name} failed after {beat['duration_ms']} ms: {beat['error']}")
        self.stdout.write(self.style.SUCCESS(f"{name}: ok in {beat['duration_ms']} ms, result: {beat['result']}"))
