"""Writing the rollup: a day is recomputed whole (delete + insert in one transaction), never
incremented, so running it twice is running it once."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from rest_framework import serializers

from apps.common import periods

from . import registry
from .models import MetricRollup, RollupDay

ROLLUP_JOB = "metrics.rollup"
NIGHTLY_DAYS = 8  # yesterday and the 7 days before it (late changes: rejected payments, admin moves)
BATCH_DAYS = 31   # a backfill computes this many days per provider query


def rollup_days(days: Iterable[date], *, progress: Callable[[date], None] | None = None) -> int:
    """Recompute `days` (before today; today is always live) from the source tables and replace
    their rows. Computes in batches of consecutive days, one transaction per day. Returns the
    number of rows written."""
    today = periods.today()
    days = sorted(set(days))
    if any(day >= today for day in days):
        raise ValueError("Only days before today are rolled up; today is computed live.")
    written = 0
    for start in range(0, len(days), BATCH_DAYS):
        batch = days[start:start + BATCH_DAYS]
        figures = registry.compute(batch)
        rows_by_day: dict[date, list[MetricRollup]] = defaultdict(list)
        for (day, key, master), value in figures.items():
            rows_by_day[day].append(MetricRollup(date=day, metric=key, master_id=master, value=value))
        for day in batch:
            with transaction.atomic():
                MetricRollup.objects.filter(date=day).delete()
                MetricRollup.objects.bulk_create(rows_by_day[day], batch_size=1000)
                RollupDay.objects.update_or_create(date=day, defaults={"computed_at": timezone.now()})
            written += len(rows_by_day[day])
            if progress:
                progress(day)
    return written


class RollupParams(serializers.Serializer):
    days = serializers.IntegerField(required=False, default=NIGHTLY_DAYS, min_value=1, max_value=366,
                                    help_text="How many days before today to recompute (default 8).")


def metrics_rollup(*, days: int = NIGHTLY_DAYS) -> dict:
    """Recompute yesterday and the 7 days before it (the nightly `metrics.rollup`)."""
    today = periods.today()
    span = [today - timedelta(days=i) for i in range(days, 0, -1)]
    rows = rollup_days(span)
    return {"from": span[0].isoformat(), "to": span[-1].isoformat(), "rows": rows}
