"""Reads of SLA clocks: an appointment's current deadline (`sla` on appointment responses, without
a query per row), its clocks, breaches, the per-stage report, the dashboards' counts."""

import math
from datetime import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from apps.common.capabilities import Capability, Role
from apps.common.errors import NotFound
from apps.common.periods import DateRange, day_bounds, today

from .. import policy
from ..models import Appointment, SlaClock, SlaClockState, SlaStage

OPEN_ATTR = "sla_open_clocks"
RUNNING, BREACHED = SlaClockState.RUNNING, SlaClockState.BREACHED


class SlaView:
    """What a deadline looks like to its reader."""

    ON_TRACK, WARNING, BREACHED = "on_track", "warning", "breached"


def may_see_sla(appointment: Appointment, user) -> bool:
    """Its assigned master, a master looking at the NEW queue, and admins with `appointments.view`;
    never the client."""
    actor = policy.actor_of(user)
    if actor.can(Capability.APPOINTMENTS_VIEW):
        return True
    if actor.role != Role.MASTER:
        return False
    return appointment.master_id == actor.pk or (actor.active_master and policy.in_queue(appointment))


def may_see_any_sla(user) -> bool:
    actor = policy.actor_of(user)
    return actor.role == Role.MASTER or actor.can(Capability.APPOINTMENTS_VIEW)


def clock_view_state(clock: SlaClock, now: datetime) -> str:
    if clock.state == BREACHED or (clock.state == RUNNING and clock.due_at <= now):
        return SlaView.BREACHED
    if clock.warn_at is not None and clock.warn_at <= now:
        return SlaView.WARNING
    return SlaView.ON_TRACK


def clock_summary(clock: SlaClock | None, now: datetime | None = None) -> dict | None:
    """`{stage, due_at, remaining_seconds, state}` of the running (or breached, still open) clock;
    `remaining_seconds` is negative once the due time has passed."""
    if clock is None:
        return None
    now = now or timezone.now()
    return {"stage": clock.stage, "due_at": clock.due_at, "remaining_seconds": math.floor(
        (clock.due_at - now).total_seconds()), "state": clock_view_state(clock, now)}


def with_open_clocks(qs: QuerySet, user) -> QuerySet:
    """The list annotation: one extra query per page for the open clocks, and only for readers who
    may see them (masters, admins with `appointments.view`)."""
    if not may_see_any_sla(user):
        return qs
    return qs.prefetch_related(Prefetch("sla_clocks", queryset=SlaClock.objects.filter(stopped_at__isnull=True)
                                        .order_by("-started_at", "-id"), to_attr=OPEN_ATTR))


def appointment_sla(appointment: Appointment, user, now: datetime | None = None) -> dict | None:
    """The `sla` of an appointment response: None for readers who may not see it, or no open clock."""
    if not may_see_sla(appointment, user):
        return None
    opened = getattr(appointment, OPEN_ATTR, None)
    if opened is None:
        opened = list(SlaClock.objects.filter(appointment=appointment, stopped_at__isnull=True)
                      .order_by("-started_at", "-id")[:1])
    return clock_summary(opened[0] if opened else None, now)


def appointment_clocks(*, appointment_id: int, user) -> list[SlaClock]:
    """Every clock of the appointment, oldest first: its master and admins; 404 for anyone else
    (clients, strangers), like the appointment's other endpoints."""
    appointment = Appointment.objects.filter(policy.visible_q(user), pk=appointment_id).first()
    if appointment is None or not may_see_sla(appointment, user):
        raise NotFound()
    return list(SlaClock.objects.filter(appointment=appointment).order_by("started_at", "id"))


def clock_state(clock: SlaClock, now: datetime | None = None) -> str:
    """The stored state, with a running clock past due shown as breached before the sweep gets to it."""
    now = now or timezone.now()
    if clock.state == RUNNING and clock.due_at <= now:
        return BREACHED
    return clock.state


# --- filters ------------------------------------------------------------------------------------

def sla_state_q(state: str, now: datetime | None = None) -> Q:
    """Appointments whose open clock is breached (or past due) / in its warning lead."""
    now = now or timezone.now()
    open_clocks = SlaClock.objects.filter(appointment_id=OuterRef("pk"), stopped_at__isnull=True)
    if state == SlaView.BREACHED:
        return Q(Exists(open_clocks.filter(Q(state=BREACHED) | Q(state=RUNNING, due_at__lte=now))))
    if state == SlaView.WARNING:
        return Q(Exists(open_clocks.filter(state=RUNNING, warn_at__lte=now, due_at__gt=now)))
    raise ValueError(state)


# --- admin reads --------------------------------------------------------------------------------

def breaches_list(*, stage: str | None = None, master_id: int | None = None, since: datetime | None = None,
                  until: datetime | None = None) -> QuerySet:
    """Breached clocks, newest breach first, with their appointment and master."""
    qs = SlaClock.objects.filter(breached_at__isnull=False).select_related("appointment", "master")
    if stage:
        qs = qs.filter(stage=stage)
    if master_id:
        qs = qs.filter(master_id=master_id)
    if since:
        qs = qs.filter(breached_at__gte=since)
    if until:
        qs = qs.filter(breached_at__lt=until)
    return qs.order_by("-breached_at", "-id")


def _percentile(values: list[float], fraction: float) -> float | None:
    """Nearest-rank percentile of sorted `values`."""
    if not values:
        return None
    rank = max(1, math.ceil(fraction * len(values)))
    return round(values[rank - 1], 1)


def sla_report(*, span: DateRange) -> list[dict]:
    """Per stage, the clocks that ended (met or breached) or breached in the range: total, met,
    breached, hit rate and the p50/p90 of how long the stage took (minutes of wall time, from
    start to stop; a breached clock still open counts up to its breach)."""
    start, end = span.bounds
    ended = (SlaClock.objects.filter(Q(stopped_at__gte=start, stopped_at__lt=end, state__in=[
        SlaClockState.MET, BREACHED]) | Q(breached_at__gte=start, breached_at__lt=end))
        .values_list("stage", "state", "started_at", "stopped_at", "breached_at"))
    by_stage: dict[str, dict] = {stage: {"met": 0, "breached": 0, "durations": []} for stage in SlaStage.values}
    for stage, state, started_at, stopped_at, breached_at in ended.iterator(chunk_size=5000):
        row = by_stage[stage]
        row["breached" if state == BREACHED else "met"] += 1
        finished = stopped_at or breached_at
        row["durations"].append((finished - started_at).total_seconds() / 60)
    report = []
    for stage in SlaStage.values:
        row = by_stage[stage]
        total = row["met"] + row["breached"]
        durations = sorted(row["durations"])
        report.append({"stage": stage, "total": total, "met": row["met"], "breached": row["breached"],
                       "hit_rate": round(row["met"] / total, 4) if total else None,
                       "p50_minutes": _percentile(durations, 0.5), "p90_minutes": _percentile(durations, 0.9)})
    return report


def dashboard_counts(*, master_id: int | None = None) -> dict:
    """`{breaches_today, in_warning}`: breaches since today's start (reporting zone) and running
    clocks in their warning lead; a master's own when `master_id` is given."""
    now = timezone.now()
    clocks = SlaClock.objects.all() if master_id is None else SlaClock.objects.filter(master_id=master_id)
    start, _ = day_bounds(today())
    return {
        "breaches_today": clocks.filter(breached_at__gte=start).count(),
        "in_warning": clocks.filter(state=RUNNING, warn_at__lte=now, due_at__gt=now).count(),
    }


def dashboard_section(user) -> dict:
    """`/dashboard/`'s `sla`: every clock for admins who see appointments, a master's own clocks."""
    actor = policy.actor_of(user)
    if actor.can(Capability.APPOINTMENTS_VIEW):
        return {"sla": dashboard_counts()}
    if actor.role == Role.MASTER:
        return {"sla": dashboard_counts(master_id=actor.pk)}
    return {}
