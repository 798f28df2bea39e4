"""The job `sla.sweep` (every minute): breach overdue clocks, warn clocks in their warning lead,
auto-cancel unpaid requests past `auto_cancel_unpaid_hours`.

Exactly once: the sweep reads candidate ids through the partial indexes on running clocks (so its
cost follows the clocks that are due, not the appointments there are), then changes each row by
one conditional UPDATE (`... WHERE id = %s AND state = 'running'`); only the sweep whose update
changed the row emits the event, in the same transaction, and the notifications follow the event
(handlers after commit). Two sweeps at once still breach and notify once."""

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from apps.common.errors import ApplicationError
from apps.platform.actors import job_actor

from ..events import SlaEvents, sla_clock_event
from ..models import Appointment, AppointmentStatus, SlaClock, SlaClockState, SlaStage
from ..state import Action
from .clocks import clock_breach
from .policy import policy_current

logger = logging.getLogger(__name__)

JOB = "sla.sweep"
BATCH = 1000
AUTO_CANCEL_REASON = "Not paid within {hours} h: cancelled automatically (SLA policy)."
RUNNING = SlaClockState.RUNNING


def due_clocks(now: datetime, limit: int | None = BATCH) -> list[int]:
    """One pass's candidates: the ids of running clocks past due, oldest due first, read from the
    partial index `sla_running_due` alone (it carries the id: an index-only scan on PostgreSQL), so
    its cost follows the clocks that are due, not the appointments there are."""
    qs = (SlaClock.objects.filter(state=RUNNING, due_at__lte=now).order_by("due_at")
          .values_list("pk", flat=True))
    return list(qs[:limit] if limit is not None else qs)


CLOCK_FIELDS = ("pk", "appointment_id", "stage", "cycle", "due_at", "master_id")


def _breach_due(now: datetime, actor, limit: int) -> int:
    breached = 0
    for pk in due_clocks(now, limit):
        with transaction.atomic():
            row = SlaClock.objects.filter(pk=pk, state=RUNNING).values_list(*CLOCK_FIELDS).first()
            if row is None:  # stopped, or breached by another sweep, since the batch was read
                continue
            clock = SlaClock(**dict(zip(("id", *CLOCK_FIELDS[1:]), row, strict=True)))
            breached += clock_breach(clock, actor=actor, now=now)
    return breached


def _warn_due(now: datetime, actor, limit: int) -> int:
    due = list(SlaClock.objects.filter(state=RUNNING, warned_at__isnull=True, warn_at__isnull=False,
                                       warn_at__lte=now).order_by("warn_at")
               .values_list("pk", "appointment_id", "stage", "cycle", "due_at", "master_id")[:limit])
    warned = 0
    for pk, appointment_id, stage, cycle, due_at, master_id in due:
        with transaction.atomic():
            if SlaClock.objects.filter(pk=pk, state=RUNNING, warned_at__isnull=True).update(warned_at=now) == 1:
                sla_clock_event(SlaEvents.WARNING, SlaClock(pk=pk, appointment_id=appointment_id, stage=stage,
                                                            cycle=cycle, due_at=due_at, master_id=master_id),
                                actor=actor)
                warned += 1
    return warned


def _auto_cancel(now: datetime, actor, hours: int | None, limit: int) -> int:
    """Cancel AWAITING_PAYMENT requests whose current wait for payment (the open `pay` clock, else
    the pricing time) started `hours` ago, through `appointment_transition`: a client who marks
    paid at the same moment wins or loses on the row lock, never both."""
    from ..services import appointment_transition

    if not hours:
        return 0
    cutoff = now - timedelta(hours=hours)
    candidates = (Appointment.objects.filter(status=AppointmentStatus.AWAITING_PAYMENT, priced_at__lte=cutoff)
                  .order_by("priced_at").values_list("pk", flat=True)[:limit])
    waiting_since = dict(SlaClock.objects.filter(appointment_id__in=list(candidates), stage=SlaStage.PAY,
                                                 stopped_at__isnull=True).values_list("appointment_id", "started_at"))
    reason = AUTO_CANCEL_REASON.format(hours=hours)
    cancelled = 0
    for pk in candidates:
        if waiting_since.get(pk, cutoff) > cutoff:
            continue  # re-entered AWAITING_PAYMENT recently (a rejected payment): its wait starts again

        def apply(appointment: Appointment) -> dict:
            appointment.cancel_reason = reason
            return {"reason": reason}

        try:
            appointment_transition(appointment_id=pk, actor=actor, action=Action.AUTO_CANCEL, apply=apply)
            cancelled += 1
        except ApplicationError as exc:  # the client paid (or someone else moved it) first
            logger.info("sla.sweep: appointment #%s not auto-cancelled: %s", pk, exc)
    return cancelled


def sla_sweep(*, now: datetime | None = None, limit: int = BATCH) -> dict:
    """Breach overdue SLA clocks, warn those in their warning lead (each once), auto-cancel unpaid requests."""
    now = now or timezone.now()
    actor = job_actor(JOB)
    return {
        "breached": _breach_due(now, actor, limit),
        "warned": _warn_due(now, actor, limit),
        "auto_cancelled": _auto_cancel(now, actor, policy_current().auto_cancel_unpaid_hours, limit),
    }
