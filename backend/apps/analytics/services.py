"""Writing the rollup: a day is recomputed whole (delete + insert in one transaction), never
incremented, so running it twice is running it once."""

from collections.abc import Callable, Iterable
from datetime import date, timedelta

from django.db import connection, transaction
from django.utils import timezone
from rest_framework import serializers

from apps.common import periods

from . import registry
from .models import MetricRollup, RollupDay

ROLLUP_JOB = "metrics.rollup"
NIGHTLY_DAYS = 8  # yesterday and the 7 days before it (late changes: rejected payments, admin moves)
BATCH_DAYS = 7  # days computed per set of provider queries and written per transaction


def rollup_days(days: Iterable[date], *, batch_days: int = BATCH_DAYS,
                progress: Callable[[date], None] | None = None) -> int:
    """Recompute `days` (before today; today is always live) from the source tables and replace
    their rows: per batch of `batch_days` days, one set-based computation, then delete + insert of
    those days in one transaction (a reader sees a day's old rows or its new ones, never a mix).
    Returns the number of rows written."""
    today = periods.today()
    days = sorted(set(days))
    if any(day >= today for day in days):
        raise ValueError("Only days before today are rolled up; today is computed live.")
    written = 0
    for start in range(0, len(days), batch_days):
        batch = days[start:start + batch_days]
        figures = registry.compute(batch)
        rows = [MetricRollup(date=day, metric=key, master_id=master, value=value)
                for (day, key, master), value in sorted(figures.items(), key=lambda kv: (kv[0][0], kv[0][1],
                                                                                        kv[0][2] or 0))]
        computed_at = timezone.now()
        with transaction.atomic():
            MetricRollup.objects.filter(date__in=batch).delete()
            MetricRollup.objects.bulk_create(rows, batch_size=2000)
            RollupDay.objects.filter(date__in=batch).delete()
            RollupDay.objects.bulk_create([RollupDay(date=day, computed_at=computed_at) for day in batch])
        written += len(rows)
        if progress:
            for day in batch:
                progress(day)
    return written


def refresh_statistics() -> None:
    """`VACUUM ANALYZE` the rollup table on PostgreSQL after a bulk write (a backfill): the
    planner then reads a range's distinct masters by an index-only scan with hashing instead of
    sorting the rows on disk (0.3 s -> 0.09 s for a year at 1M appointments). Must run outside a
    transaction; elsewhere (SQLite, inside atomic blocks, tests) it does nothing."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {MetricRollup._meta.db_table}")  # a table name, no values


class RollupParams(serializers.Serializer):
    days = serializers.IntegerField(required=False, default=NIGHTLY_DAYS, min_value=1, max_value=366,
                                    help_text="How many days before today to recompute (default 8).")


def metrics_rollup(*, days: int = NIGHTLY_DAYS) -> dict:
    """Recompute yesterday and the 7 days before it (the nightly `metrics.rollup`)."""
    today = periods.today()
    span = [today - timedelta(days=i) for i in range(days, 0, -1)]
    rows = rollup_days(span)
    return {"from": span[0].isoformat(), "to": span[-1].isoformat(), "rows": rows}
