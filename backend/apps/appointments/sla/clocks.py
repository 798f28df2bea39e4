"""Starting and stopping SLA clocks. `clocks_on_status_change` is the one call
`appointment_transition` makes, inside its transaction and under the appointment's row lock (and
`appointment_create` for the first `take` clock), so a status and its clocks never disagree.

Leaving a stage stops its open clock: a clock past its due time is breached (if the sweep hasn't
breached it yet, this conditional update does, and emits `sla.breached` once); otherwise it is
`met` when the stage's own action ended it (taken, priced, paid, confirmed, rejected, started,
completed) and `stopped` when it ended some other way (cancelled, declined, an admin's
set-status, the system's auto-cancel). Entering a stage that has a target opens its clock with
the next cycle number (a rejected payment opens `pay` cycle 2), copying the target in force."""

from datetime import datetime

from django.db.models import Max
from django.utils import timezone

from apps.platform.actors import system_actor

from ..events import SlaEvents, sla_clock_event
from ..models import Appointment, SlaClock, SlaClockState, SlaStage
from ..state import Action
from .hours import due_moments
from .policy import CLIENT_STAGES, STAGE_OF_STATUS, Policy, policy_current, zone

RUNNING = SlaClockState.RUNNING
# The actions that end the stage they leave by doing what the stage waits for.
MEETS = frozenset({Action.TAKE, Action.SET_PRICE, Action.MARK_PAID, Action.CONFIRM_PAYMENT, Action.REJECT_PAYMENT,
                   Action.START, Action.COMPLETE})
# The actor of breaches found while stopping a clock (the sweep uses its job actor).
SLA_ACTOR = system_actor("sla")


def clock_breach(clock: SlaClock, *, actor, now: datetime, stop: bool = False) -> bool:
    """Breach a running clock by one conditional update; True (and the `sla.breached` event, in the
    caller's transaction) only for the caller whose update changed the row."""
    fields = {"state": SlaClockState.BREACHED, "breached_at": clock.due_at}
    if stop:
        fields["stopped_at"] = now
    won = SlaClock.objects.filter(pk=clock.pk, state=RUNNING).update(**fields) == 1
    if won:
        clock.state, clock.breached_at = SlaClockState.BREACHED, clock.due_at
        sla_clock_event(SlaEvents.BREACHED, clock, actor=actor)
    return won


def _stop_open(clocks: list[SlaClock], *, action: Action, now: datetime) -> None:
    for clock in clocks:
        if clock.stopped_at is not None:
            continue
        if clock.state == RUNNING and clock.due_at <= now:
            if clock_breach(clock, actor=SLA_ACTOR, now=now, stop=True):
                continue
        elif clock.state == RUNNING:
            state = SlaClockState.MET if action in MEETS else SlaClockState.STOPPED
            if SlaClock.objects.filter(pk=clock.pk, state=RUNNING).update(state=state, stopped_at=now):
                continue
        # breached already (by a sweep, maybe this very moment): it stays breached, and ends now
        SlaClock.objects.filter(pk=clock.pk, stopped_at__isnull=True).update(stopped_at=now)


def clock_open(appointment: Appointment, *, stage: SlaStage, now: datetime, policy: Policy | None = None,
               last_cycle: int | None = None) -> SlaClock | None:
    """Open the stage's clock (cycle: one more than `last_cycle`, the stage's highest so far, looked
    up when not given)."""
    policy = policy or policy_current()
    target = policy.target(stage)
    if target is None:  # a stage without a target has no clock
        return None
    last = last_cycle if last_cycle is not None else (
        SlaClock.objects.filter(appointment=appointment, stage=stage).aggregate(n=Max("cycle"))["n"] or 0)
    due, warn = due_moments(now, minutes=target.minutes, warn_before_minutes=target.warn_before_minutes,
                            business_hours=target.business_hours, calendar=policy.calendar, zone=zone())
    counts_against_master = stage != SlaStage.TAKE and stage not in CLIENT_STAGES
    return SlaClock.objects.create(
        appointment=appointment, stage=stage, cycle=last + 1,
        master_id=appointment.master_id if counts_against_master else None,
        target_minutes=target.minutes, warn_before_minutes=target.warn_before_minutes,
        business_hours=target.business_hours, policy_version=policy.version,
        started_at=now, due_at=due, warn_at=warn,
    )


def clocks_on_status_change(appointment: Appointment, *, from_status: str, to_status: str, action: Action | None,
                            now: datetime | None = None) -> None:
    """Stop the clock of the stage left and open the clock of the stage entered (see the module)."""
    if from_status == to_status:
        return
    now = now or timezone.now()
    # the appointment's clocks, every stage and cycle (a handful), in one query: the open ones to
    # stop, the entered stage's last cycle to number the new one
    clocks = list(SlaClock.objects.filter(appointment=appointment)) if from_status else []
    _stop_open(clocks, action=action, now=now)
    stage = STAGE_OF_STATUS.get(to_status)
    if stage is not None:
        clock_open(appointment, stage=stage, now=now,
                   last_cycle=max((c.cycle for c in clocks if c.stage == stage), default=0))
