"""`manage.py metrics_backfill --from 2026-01-01 --to 2026-03-31`: rebuild the daily metrics of a
range (each day replaced whole, so re-running is harmless). Shows a bar on a terminal, a line per
day otherwise; afterwards the table's planner statistics are refreshed (a backfill writes far more
rows at once than autovacuum has seen)."""

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError

from apps.common import periods

from ...services import refresh_statistics, rollup_days


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Dates are YYYY-MM-DD, not {text!r}.") from None


class Command(BaseCommand):
    help = "Recompute the daily metrics of a range of days (both included; today stays live)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--from", dest="first", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="last", help="last day, YYYY-MM-DD (default: yesterday)")

    def handle(self, *args, first: str, last: str | None = None, **options) -> None:
        yesterday = periods.today() - timedelta(days=1)
        start, end = _day(first), _day(last) if last else yesterday
        if start > end:
            raise CommandError("--from is after --to.")
        if end > yesterday:
            raise CommandError(f"--to is at most yesterday ({yesterday}); today is computed live.")
        span = periods.DateRange(start, end)
        total, done = span.length, 0
        tty = self.stdout.isatty()

        def progress(day: date) -> None:
            nonlocal done
            done += 1
            if tty:
                filled = int(30 * done / total)
                self.stdout.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total} {day}", ending="")
                self.stdout.flush()
            else:
                self.stdout.write(f"{day} {done}/{total}")

        rows = rollup_days(span.days(), progress=progress)
        if tty:
            self.stdout.write("")
        refresh_statistics()
        self.stdout.write(self.style.SUCCESS(f"Rolled up {total} days ({span.first}..{span.last}), {rows} rows."))
