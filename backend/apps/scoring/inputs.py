"""The formula's inputs for many users at once, set-based: a fixed number of queries (GROUP BY over
the users, or over everyone when `user_ids` is None) whatever the number of users.

What counts (SPEC 10.2, docs/scores.md): a client's appointments in the client window; a master's
appointments taken in the master window; only reviews the other side and the public may see
(published, not hidden), so a sealed review never moves a score early. A client's cancellation
after the master missed the take or price deadline (an SLA clock of that appointment breached
before the cancel) is the master's doing, not the client's: it is not counted."""

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Exists, F, OuterRef, Q, Sum

from apps.accounts.models import User
from apps.accounts.types import AccountEvents
from apps.appointments.models import (
    Appointment,
    AppointmentEvent,
    AppointmentEventType,
    AppointmentStatus,
    SlaClock,
    SlaStage,
)
from apps.common.capabilities import Role
from apps.platform.events.models import PlatformEvent
from apps.reviews.models import MasterRating, Review
from apps.reviews.selectors import published_q
from apps.reviews.types import ReviewDirection

from .formula import CLIENT_FLAG_REASONS, MASTER_FLAG_REASONS, ClientInputs, MasterInputs

S = AppointmentStatus
# The stages whose missed deadline makes a client's cancellation the master's doing.
EXCUSING_STAGES = (SlaStage.TAKE, SlaStage.PRICE)
# The client's own clock (pay) is never counted against a master.
MASTER_SLA_STAGES = tuple(s for s in SlaStage if s != SlaStage.PAY)


@dataclass(frozen=True)
class ScoredUsers:
    clients: dict[int, datetime]  # id -> date_joined
    masters: dict[int, datetime]


def _among(field: str, ids: list[int] | None) -> Q:
    return Q() if ids is None else Q(**{f"{field}__in": ids})


def scored_users(user_ids: Iterable[int] | None) -> ScoredUsers:
    """Who of `user_ids` (None: everyone) has a score: clients a risk, masters a performance."""
    qs = User.objects.filter(is_superuser=False, role__in=[Role.CLIENT, Role.MASTER])
    if user_ids is not None:
        qs = qs.filter(pk__in=list(user_ids))
    clients, masters = {}, {}
    for pk, role, joined in qs.values_list("pk", "role", "date_joined"):
        (clients if role == Role.CLIENT else masters)[pk] = joined
    return ScoredUsers(clients=clients, masters=masters)


def _flag_counts(rows, vocabulary) -> dict[int, Counter]:
    counts: dict[int, Counter] = defaultdict(Counter)
    for subject_id, flags in rows:
        for flag in flags or []:
            if flag in vocabulary:
                counts[subject_id][flag] += 1
    return counts


def client_inputs(client_ids: dict[int, datetime], *, now: datetime, cfg: dict,
                  everyone: bool = False) -> dict[int, ClientInputs]:
    """Four queries for any number of clients (five with the ban history)."""
    if not client_ids:
        return {}
    ids = None if everyone else list(client_ids)
    since = now - timedelta(days=cfg["client_window_days"])
    excused = SlaClock.objects.filter(appointment=OuterRef("pk"), stage__in=EXCUSING_STAGES,
                                      breached_at__isnull=False, breached_at__lte=OuterRef("cancelled_at"))
    cancelled = Q(status=S.CANCELLED) & ~Exists(excused)
    appointments = {
        row["client_id"]: row for row in
        Appointment.objects.filter(_among("client_id", ids), created_at__gte=since).order_by()
        .values("client_id").annotate(
            sample=Count("id", filter=Q(taken_at__isnull=False)),
            before=Count("id", filter=cancelled & Q(priced_at__isnull=True)),
            after=Count("id", filter=cancelled & Q(priced_at__isnull=False)),
        )
    }
    rejected = dict(
        AppointmentEvent.objects.filter(_among("appointment__client_id", ids), created_at__gte=since,
                                        type=AppointmentEventType.PAYMENT_REJECTED).order_by()
        .values_list("appointment__client_id").annotate(n=Count("id")).values_list("appointment__client_id", "n")
    )
    flags = _flag_counts(
        Review.objects.filter(_among("subject_id", ids), direction=ReviewDirection.MASTER_TO_CLIENT,
                              is_hidden=False, created_at__gte=since).filter(published_q(now))
        .exclude(flags=[]).values_list("subject_id", "flags"),
        CLIENT_FLAG_REASONS,
    )
    banned_now = set(User.objects.filter(_among("pk", ids), role=Role.CLIENT, is_banned=True)
                     .values_list("pk", flat=True))
    ban_events = PlatformEvent.objects.filter(type=AccountEvents.USER_BANNED, subject_type="accounts.user")
    if ids is not None:
        ban_events = ban_events.filter(subject_id__in=[str(pk) for pk in ids])
    banned_ever = {int(pk) for pk in ban_events.values_list("subject_id", flat=True).distinct()} | banned_now
    result = {}
    for pk, joined in client_ids.items():
        row = appointments.get(pk, {})
        result[pk] = ClientInputs(
            sample=row.get("sample", 0), payments_rejected=rejected.get(pk, 0),
            cancelled_before_price=row.get("before", 0), cancelled_after_price=row.get("after", 0),
            flags=dict(flags.get(pk, {})), account_age_days=max(0, (now - joined).days),
            banned_before=pk in banned_ever,
        )
    return result


def _minutes(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return max(0.0, (end - start).total_seconds() / 60)


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def marketplace_mean() -> float | None:
    """The mean of every visible client review (from the masters' rating summaries: one row each)."""
    totals = MasterRating.objects.filter(count__gt=0).aggregate(
        weighted=Sum(F("average") * F("count")), count=Sum("count"))
    if not totals["count"]:
        return None
    return float(totals["weighted"]) / totals["count"]


def master_inputs(master_ids: dict[int, datetime], *, now: datetime, cfg: dict,
                  everyone: bool = False) -> dict[int, MasterInputs]:
    """Five queries for any number of masters."""
    if not master_ids:
        return {}
    ids = None if everyone else list(master_ids)
    since = now - timedelta(days=cfg["master_window_days"])
    taken = Appointment.objects.filter(_among("master_id", ids), taken_at__gte=since).order_by()
    counts = {
        row["master_id"]: row for row in taken.values("master_id").annotate(
            sample=Count("id"), completed=Count("id", filter=Q(status=S.COMPLETED)),
            declined=Count("id", filter=Q(status=S.DECLINED_BY_MASTER)))
    }
    take_minutes: dict[int, list[float]] = defaultdict(list)
    price_minutes: dict[int, list[float]] = defaultdict(list)
    for master_id, created, taken_at, priced in taken.values_list("master_id", "created_at", "taken_at", "priced_at"):
        take_minutes[master_id].append(_minutes(created, taken_at))
        if priced is not None:
            price_minutes[master_id].append(_minutes(taken_at, priced))
    ratings: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    flag_rows = []
    reviews_since = now - timedelta(days=cfg["reviews_window_days"])
    for subject_id, rating, flags in (
            Review.objects.filter(_among("subject_id", ids), direction=ReviewDirection.CLIENT_TO_MASTER,
                                  is_hidden=False, created_at__gte=reviews_since).filter(published_q(now))
            .values_list("subject_id", "rating", "flags")):
        ratings[subject_id][0] += rating
        ratings[subject_id][1] += 1
        if flags:
            flag_rows.append((subject_id, flags))
    flags = _flag_counts(flag_rows, MASTER_FLAG_REASONS)
    mean = marketplace_mean()
    breaches = dict(
        SlaClock.objects.filter(_among("master_id", ids), breached_at__gte=since, stage__in=MASTER_SLA_STAGES)
        .order_by().values_list("master_id").annotate(n=Count("id")).values_list("master_id", "n")
    )
    result = {}
    for pk in master_ids:
        row = counts.get(pk, {})
        rating_sum, rating_count = ratings.get(pk, (0, 0))
        result[pk] = MasterInputs(
            sample=row.get("sample", 0), completed=row.get("completed", 0), declined=row.get("declined", 0),
            rating_sum=rating_sum, rating_count=rating_count, marketplace_mean=mean,
            median_take_minutes=_median(take_minutes.get(pk, [])),
            median_price_minutes=_median(price_minutes.get(pk, [])),
            sla_breaches=breaches.get(pk, 0), flags=dict(flags.get(pk, {})),
        )
    return result
