"""Grouping source rows by reporting day in the database (`TruncDate` in `TIME_ZONE`, the one
reporting zone of `apps.common.periods`), set-based: one query for all the days asked."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from statistics import median

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate

from apps.common.periods import DateRange, day_start, local_day, reporting_zone

from ..registry import Figures


def within(qs: QuerySet, field: str, days: list[date]) -> QuerySet:
    """Rows whose `field` falls in `[first day 00:00, last day + 1 00:00)`."""
    return qs.filter(**{f"{field}__gte": day_start(days[0]), f"{field}__lt": day_start(days[-1] + timedelta(days=1))})


def count_by_day(qs: QuerySet, field: str, days: list[date], key: str, *, master: str | None = None,
                 value=None, distinct_masters: bool = False) -> Figures:
    """`{(day, key, None): total}` plus `{(day, key, master_id): share}` when `master` names the
    master column. `value` is the aggregate (default: a count of rows). With `distinct_masters` the
    total is the number of distinct masters and each master's row is 1."""
    wanted = set(days)
    grouped = (within(qs, field, days).annotate(_day=TruncDate(field, tzinfo=reporting_zone()))
               .values("_day", *([master] if master else [])).annotate(_v=value if value is not None else Count("pk"))
               .order_by())
    figures: Figures = {}
    totals: dict[date, Decimal] = defaultdict(Decimal)
    for row in grouped:
        day = row["_day"]
        if day not in wanted or row["_v"] is None:
            continue
        amount = Decimal(row["_v"])
        who = row.get(master) if master else None
        if distinct_masters:
            if who is None:
                continue
            amount = Decimal(1)
        totals[day] += amount
        if who is not None:
            figures[(day, key, who)] = figures.get((day, key, who), Decimal(0)) + amount
    for day, total in totals.items():
        figures[(day, key, None)] = total
    return figures


def minutes_between(later, earlier) -> float:
    return (later - earlier).total_seconds() / 60


def medians_by_day(samples: Iterable[tuple[date, int | None, float]], days: list[date], key: str, *,
                   per_master: bool) -> Figures:
    """Daily medians (and per master) of raw samples; days without samples get no row (null)."""
    wanted = set(days)
    by_day: dict[date, list[float]] = defaultdict(list)
    by_master: dict[tuple[date, int], list[float]] = defaultdict(list)
    for day, who, minutes in samples:
        if day not in wanted:
            continue
        by_day[day].append(minutes)
        if per_master and who is not None:
            by_master[(day, who)].append(minutes)
    figures: Figures = {(day, key, None): as_decimal(median(values)) for day, values in by_day.items()}
    figures.update({(day, key, who): as_decimal(median(values)) for (day, who), values in by_master.items()})
    return figures


def as_decimal(minutes: float) -> Decimal:
    return Decimal(str(round(minutes, 2)))


def span_of(days: list[date]) -> DateRange:
    return DateRange(days[0], days[-1])


def day_of(moment) -> date:
    return local_day(moment)
