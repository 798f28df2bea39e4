"""Reading the figures: one source for cards, charts and CSV. Rolled-up days come from the rollup
table, every other day (today, or a day never rolled up) is computed live by the same providers,
and a range is built from its days: counts and money are the sum of the days, `active_masters`
the distinct masters of the days, medians the median of the raw rows of the whole range."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from statistics import median

from django.conf import settings
from django.db.models import Count, F, Min, Q, Sum

from apps.common import periods
from apps.common.errors import ApplicationError, ErrorCode
from apps.common.periods import DateRange

from . import registry
from .models import MetricRollup, RollupDay
from .registry import Figures, Kind


def parse_metric_keys(raw: str | None) -> list[str]:
    """`?metrics=a,b` (default: all, in registry order); an unknown key is a 400 naming it."""
    known = registry.metric_keys()
    if raw is None or not raw.strip():
        return known
    asked = [key.strip() for key in raw.split(",") if key.strip()]
    unknown = [key for key in asked if key not in known]
    if unknown:
        raise ApplicationError(ErrorCode.INVALID, f"Unknown metric: {', '.join(unknown)}.", 400,
                               errors={"metrics": [f"Unknown metric {key!r}." for key in unknown]})
    return list(dict.fromkeys(asked))


def rolled_up_days(span: DateRange) -> set[date]:
    """The days of `span` read from the rollup: rolled up and before today."""
    today = periods.today()
    return set(RollupDay.objects.filter(date__gte=span.first, date__lte=min(span.last, today - timedelta(days=1)))
               .values_list("date", flat=True))


def figures_for(span: DateRange, keys: list[str] | None = None) -> Figures:
    """The figures `keys` (default: all) of every day of `span`: `{(day, key, master_id or None):
    value}`, from the rollup for rolled-up days and live for the others."""
    keys = list(keys) if keys is not None else registry.metric_keys()
    stored = rolled_up_days(span)
    figures: Figures = {}
    if stored:
        rows = (MetricRollup.objects.filter(date__gte=min(stored), date__lte=max(stored), metric__in=keys)
                .values_list("date", "metric", "master_id", "value"))
        figures = {(day, key, who): value for day, key, who, value in rows if day in stored}
    live = [day for day in span.days() if day not in stored]
    if live:
        figures.update(registry.compute(live, keys))
    return figures


def freshness() -> dict:
    """`rolled_up_through`: the last day in the rollup (null before the first rollup); `live_from`:
    the first day computed live from the source tables (the day after it, or today)."""
    last = RollupDay.objects.order_by("-date").values_list("date", flat=True).first()
    today = periods.today()
    live_from = min(last + timedelta(days=1), today) if last else today
    return {"rolled_up_through": last.isoformat() if last else None, "live_from": live_from.isoformat()}


def shown(kind: Kind, value: Decimal | None):
    """How a value is written in JSON and CSV alike: counts as integers, money as a decimal string,
    medians as a number of minutes (2 decimals) or null when there was nothing to measure."""
    if kind == Kind.MONEY:
        return f"{(value or Decimal(0)).quantize(Decimal('0.01'))}"
    if kind == Kind.MEDIAN:
        return None if value is None else float(value)
    return int(value or 0)


def daily(span: DateRange, keys: list[str]) -> dict:
    """`{tz, days: [{date, <key>: value, ...}]}`, every day of the range (zeros included)."""
    figures = figures_for(span, keys)
    days = []
    for day in span.days():
        row = {"date": day.isoformat()}
        for key in keys:
            row[key] = shown(registry.metric(key).kind, figures.get((day, key, None)))
        days.append(row)
    return {"tz": settings.TIME_ZONE, "days": days}


def _median_of(key: str, span: DateRange) -> Decimal | None:
    metric = registry.metric(key)
    if metric.range_median is not None:
        found = metric.range_median(span)
        if found is not NotImplemented:
            return found
    values = [minutes for _, _who, minutes in metric.samples(span)]
    return Decimal(str(round(median(values), 2))) if values else None


def range_values(span: DateRange, keys: list[str]) -> dict[str, Decimal | None]:
    """The figures of a whole range: sums of its days, distinct masters over its days, raw medians.
    The rolled-up days are aggregated in the database (one query for the sums, one per distinct
    metric); the other days are computed live and added."""
    stored = rolled_up_days(span)
    live = [day for day in span.days() if day not in stored]
    kinds = {key: registry.metric(key).kind for key in keys}
    summed = [k for k in keys if kinds[k] in (Kind.COUNT, Kind.MONEY)]
    distinct = [k for k in keys if kinds[k] == Kind.DISTINCT]
    totals: dict[str, Decimal | None] = {key: Decimal(0) for key in summed}
    masters: dict[str, set[int]] = {key: set() for key in distinct}
    if stored:
        # rows exist only for rolled-up days: a whole span rolled up is a plain date range
        days = Q(date__gte=min(stored), date__lte=max(stored))
        if len(stored) != (max(stored) - min(stored)).days + 1:
            days &= Q(date__in=stored)
        rows = (MetricRollup.objects.filter(days, master__isnull=True, metric__in=summed)
                .values("metric").annotate(total=Sum("value")).values_list("metric", "total").order_by())
        for key, total in rows:
            totals[key] += total
        for key in distinct:
            masters[key] |= set(MetricRollup.objects.filter(days, metric=key, master__isnull=False)
                                .values_list("master_id", flat=True).distinct().order_by())
    if live:
        for (_day, key, who), value in registry.compute(live, summed + distinct).items():
            if key in masters:
                if who is not None:
                    masters[key].add(who)
            elif who is None:
                totals[key] += value
    for key in distinct:
        totals[key] = Decimal(len(masters[key]))
    for key in keys:
        if kinds[key] == Kind.MEDIAN:
            totals[key] = _median_of(key, span)
    return totals


def _delta(kind: Kind, value, previous):
    if value is None or previous is None:
        return None, None
    delta = value - previous
    pct = None if previous == 0 else round(float(delta / previous * 100), 1)
    return shown(kind, delta) if kind != Kind.MEDIAN else round(float(delta), 2), pct


def summary(span: DateRange, keys: list[str] | None = None) -> dict:
    keys = keys or registry.metric_keys()
    previous_span = span.previous()
    now, before = range_values(span, keys), range_values(previous_span, keys)
    metrics = {}
    for key in keys:
        kind = registry.metric(key).kind
        delta, pct = _delta(kind, now[key], before[key])
        metrics[key] = {"value": shown(kind, now[key]), "previous": shown(kind, before[key]),
                        "delta": delta, "delta_pct": pct}
    return {"range": {**span.as_dict(), "tz": settings.TIME_ZONE}, "previous_range": previous_span.as_dict(),
            "currency": settings.CURRENCY, "metrics": metrics, "freshness": freshness()}


def dashboard_section(user) -> dict:
    """The admin dashboard's figures of today (live, by the same providers as the charts)."""
    from apps.common.capabilities import Role, effective_role

    if effective_role(user) != Role.ADMIN:
        return {}
    day = periods.today()
    figures = registry.compute([day], ["revenue", "sla_breaches"])
    return {"revenue_today": shown(Kind.MONEY, figures.get((day, "revenue", None))),
            "sla_breaches_today": shown(Kind.COUNT, figures.get((day, "sla_breaches", None)))}


# --- the funnel: the cohort of requests created in the range -------------------------------------

@dataclass(frozen=True)
class Step:
    step: str
    status: str | None  # the status whose first entry marks the step (None: created / reviewed)


def _funnel_steps():
    from apps.appointments.models import AppointmentStatus as S

    return [Step("created", None), Step("taken", S.IN_REVIEW), Step("priced", S.AWAITING_PAYMENT),
            Step("proof_uploaded", S.PAYMENT_PROOF_UPLOADED), Step("paid", S.PAID),
            Step("completed", S.COMPLETED), Step("reviewed", None)]


def funnel(span: DateRange) -> dict:
    """Each step: how many of the cohort ever reached it (first entry in the timeline), the share of
    the cohort (`conversion`, 0..1) and the median minutes from creation to reaching it. Drop-offs:
    declines and cancellations by the status they left."""
    from apps.appointments.models import Appointment, AppointmentEvent
    from apps.appointments.models import AppointmentStatus as S
    from apps.reviews.models import Review
    from apps.reviews.types import ReviewDirection

    start, end = span.bounds
    cohort = Appointment.objects.filter(created_at__gte=start, created_at__lt=end)
    created = dict(cohort.values_list("id", "created_at"))
    steps = _funnel_steps()
    statuses = [s.status for s in steps if s.status]
    reached: dict[str, dict[int, object]] = defaultdict(dict)
    first_entries = (AppointmentEvent.objects.filter(appointment__in=cohort, to_status__in=statuses)
                     .exclude(from_status=F("to_status"))
                     .values("appointment_id", "to_status").annotate(at=Min("created_at")).order_by())
    for row in first_entries:
        reached[row["to_status"]][row["appointment_id"]] = row["at"]
    reviewed = dict(Review.objects.filter(appointment__in=cohort, direction=ReviewDirection.CLIENT_TO_MASTER)
                    .values("appointment_id").annotate(at=Min("created_at")).values_list("appointment_id", "at")
                    .order_by())
    total = len(created)
    out = []
    for step in steps:
        if step.step == "created":
            moments = dict(created)
        elif step.step == "reviewed":
            moments = reviewed
        else:
            moments = reached[step.status]
        minutes = [(at - created[pk]).total_seconds() / 60 for pk, at in moments.items() if pk in created]
        out.append({
            "step": step.step, "count": len(moments),
            "conversion": round(len(moments) / total, 4) if total else None,
            "median_minutes": (round(median(minutes), 2) if minutes else None) if step.step != "created" else 0.0,
        })
    drop_offs = {"declined": {}, "cancelled": {}}
    for target, name, sources in ((S.DECLINED_BY_MASTER, "declined", (S.IN_REVIEW, S.AWAITING_PAYMENT)),
                                  (S.CANCELLED, "cancelled", (S.NEW, S.IN_REVIEW, S.AWAITING_PAYMENT))):
        counts = dict(AppointmentEvent.objects.filter(appointment__in=cohort, to_status=target)
                      .exclude(from_status=target).values("from_status").annotate(n=Count("id"))
                      .values_list("from_status", "n").order_by())
        drop_offs[name] = {str(source): counts.pop(source, 0) for source in sources}
        for source, n in counts.items():  # an admin's move from elsewhere
            drop_offs[name][source] = n
    return {"range": {**span.as_dict(), "tz": settings.TIME_ZONE}, "cohort": total, "steps": out,
            "drop_offs": drop_offs}


# --- the masters table ---------------------------------------------------------------------------

MASTER_COLUMNS = ("master_id", "master", "completed", "revenue", "median_minutes_to_take", "rating",
                  "sla_breaches", "performance_level")


def masters(span: DateRange) -> list[dict]:
    """Per master (everyone with the master role, and anyone with figures in the range): completed,
    revenue, median minutes to take (raw, over the range), rating (the reviews app's summary), SLA
    breaches, performance level (from a registered column; null until the scores app fills it)."""
    from apps.accounts.models import User
    from apps.common.capabilities import Role
    from apps.reviews.models import MasterRating

    figures = figures_for(span, ["appointments_completed", "revenue", "sla_breaches"])
    per: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for (_, key, who), value in figures.items():
        if who is not None and key in ("appointments_completed", "revenue", "sla_breaches"):
            per[who][key] += value
    take: dict[int, list[float]] = defaultdict(list)
    for _, who, minutes in registry.metric("median_minutes_to_take").samples(span):
        if who is not None:
            take[who].append(minutes)
    users = list(User.objects.filter(Q(role=Role.MASTER) | Q(pk__in=set(per) | set(take)))
                 .only("id", "username", "display_name").order_by("id"))
    ids = [u.pk for u in users]
    ratings = dict(MasterRating.objects.filter(master_id__in=ids).values_list("master_id", "average"))
    extra = {key: (provider(ids, span) if provider else {}) for key, provider in registry.master_columns().items()}
    rows = []
    for user in users:
        mine = per.get(user.pk, {})
        rows.append({
            "master_id": user.pk,
            "master": user.display_name or user.username,
            "completed": int(mine.get("appointments_completed", 0)),
            "revenue": shown(Kind.MONEY, mine.get("revenue")),
            "median_minutes_to_take": round(median(take[user.pk]), 2) if take.get(user.pk) else None,
            "rating": float(ratings[user.pk]) if ratings.get(user.pk) is not None else None,
            "sla_breaches": int(mine.get("sla_breaches", 0)),
            **{key: values.get(user.pk) for key, values in extra.items()},
        })
    rows.sort(key=lambda r: (-Decimal(r["revenue"]), -r["completed"], r["master_id"]))
    return rows
