from django.core.management.base import BaseCommand, CommandError
from rest_framework.exceptions import ValidationError

from apps.common.errors import ApplicationError

from ...jobs.registry import get_job, job_heartbeats, job_params_described, job_params_parse, run_job


def _pair(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise CommandError(f"A param is NAME=VALUE, not {text!r}.")
    return name.strip(), value


class Command(BaseCommand):
    help = "Run a registered job now (recording its heartbeat), or list the jobs with --list."

    def add_arguments(self, parser) -> None:
        parser.add_argument("name", nargs="?", help="the job to run")
        parser.add_argument("params", nargs="*", metavar="NAME=VALUE",
                            help="the job's params, e.g. date_from=2026-03-01 date_to=2026-03-31")
        parser.add_argument("--list", action="store_true", dest="show_list",
                            help="list the registered jobs, their params and their last run")

    def handle(self, *args, name: str | None = None, params: list[str] | None = None, show_list: bool = False,
               **options) -> None:
        if show_list:
            for beat in job_heartbeats():
                every = f"every {beat['every_seconds']}s" if beat["every_seconds"] else "on demand"
                last = beat["last_run"].isoformat() if beat["last_run"] else "never"
                status = {True: "ok", False: "FAILED", None: "-"}[beat["ok"]]
                accepts = " ".join(p["name"] for p in job_params_described(get_job(beat["name"])))
                self.stdout.write(f"{beat['name']:<36} {every:<16} last run: {last} ({status})  {beat['description']}"
                                  + (f"  params: {accepts}" if accepts else ""))
            return
        if not name:
            raise CommandError("Name a job to run, or use --list.")
        values = dict(_pair(p) for p in params or [])
        try:
            job_params_parse(get_job(name), values)
        except ApplicationError as exc:
            raise CommandError(f"{exc.message} {exc.extra.get('errors', '')}".strip()) from None
        except ValidationError as exc:
            raise CommandError(f"Invalid params for {name}: {exc.detail}") from None
        beat = run_job(name, **values)
        if not beat["ok"]:
            raise CommandError(f"Job {name} failed after {beat['duration_ms']} ms: {beat['error']}")
        self.stdout.write(self.style.SUCCESS(f"{name}: ok in {beat['duration_ms']} ms, result: {beat['result']}"))
