"""Each timeline entry is also a platform event (SPEC 6.2): the appointment keeps its own timeline,
the platform log sees everything the marketplace does. The appointment's platform event types are
named and described here (registered in AppointmentsConfig.ready())."""

from enum import StrEnum

from apps.platform.audit.services import audit_record
from apps.platform.events.services import emit
from apps.platform.events.types import EventSpec

from .models import AppointmentEvent
from .models import AppointmentEventType as E
from .state import STAGE_TIMESTAMPS


class AppointmentEvents(StrEnum):
    CREATED = "appointment.created"
    TAKEN = "appointment.taken"
    PRICED = "appointment.priced"
    PROOF_UPLOADED = "appointment.payment_proof_uploaded"
    MARKED_PAID = "appointment.marked_paid"
    PAYMENT_CONFIRMED = "appointment.payment_confirmed"
    PAYMENT_REJECTED = "appointment.payment_rejected"
    STARTED = "appointment.started"
    COMPLETED = "appointment.completed"
    DECLINED = "appointment.declined"
    CANCELLED = "appointment.cancelled"
    STATUS_SET = "appointment.status_set"


_COMMON = {
    "appointment_id": "the appointment", "from_status": "its status before ('' when created)",
    "to_status": "its status after", "client_id": "its client", "master_id": "its assigned master (or null)",
}
_REASON = {"reason": "the reason given"}
_PROOF = {"content_type": "the proof's type", "size": "its size in bytes", "replaced": "whether it replaced one"}


def _spec(description: str, **extra: str) -> EventSpec:
    return EventSpec(description, {**_COMMON, **extra})


EVENT_TYPES = {
    AppointmentEvents.CREATED: _spec("A client created a request.", title="its title"),
    AppointmentEvents.TAKEN: _spec("An active master took a NEW request."),
    AppointmentEvents.PRICED: _spec("The master set the price.", price="the price", currency="its currency"),
    AppointmentEvents.PROOF_UPLOADED: _spec("The client attached or replaced the payment proof.", **_PROOF),
    AppointmentEvents.MARKED_PAID: _spec("The client marked the appointment paid.",
                                         proof="the proof sent with it ({content_type, size, replaced}), if any"),
    AppointmentEvents.PAYMENT_CONFIRMED: _spec("The master or finance confirmed the payment.", amount="the price",
                                               currency="its currency"),
    AppointmentEvents.PAYMENT_REJECTED: _spec("The master or finance rejected the payment proof.", **_REASON),
    AppointmentEvents.STARTED: _spec("The master started the work."),
    AppointmentEvents.COMPLETED: _spec("The master completed the work."),
    AppointmentEvents.DECLINED: _spec("The master declined the request.", **_REASON),
    AppointmentEvents.CANCELLED: _spec("The client cancelled the request.", **_REASON),
    AppointmentEvents.STATUS_SET: _spec("An admin set the status.", released_master_id="the master released "
                                        "back to the queue (on a set-status to NEW)", **_REASON),
}

class AppointmentAuditAction(StrEnum):
    """Audited appointment changes: the admin overrides (written by the transition itself, in its
    lock, with the field diff)."""

    STATUS_SET = "appointment.status_set"
    PAYMENT_CONFIRMED = "appointment.payment_confirmed"
    PAYMENT_REJECTED = "appointment.payment_rejected"


AUDIT_DESCRIPTIONS = {
    AppointmentAuditAction.STATUS_SET: "An admin set an appointment's status (field diff, reason).",
    AppointmentAuditAction.PAYMENT_CONFIRMED: "An admin confirmed a payment from the admin screens.",
    AppointmentAuditAction.PAYMENT_REJECTED: "An admin rejected a payment proof from the admin screens.",
}
# What an audited change's diff shows.
AUDITED_FIELDS = ("status", "master_id", "price", "payment_confirmed_by_id", "payment_rejection_reason",
                  *STAGE_TIMESTAMPS.values())


def audited_state(appointment) -> dict:
    return {field: getattr(appointment, field) for field in AUDITED_FIELDS}


def appointment_audited(appointment, *, actor, action: AppointmentAuditAction, before: dict, reason: str = "",
                        request=None) -> None:
    """The audit entry of an audited change: what changed since `before`, who, why, from where."""
    after = audited_state(appointment)
    changes = {field: [before[field], after[field]] for field in before if before[field] != after[field]}
    audit_record(actor=actor, action=action, target=appointment, changes=changes, reason=reason, request=request)


PLATFORM_EVENT: dict[str, AppointmentEvents] = {
    E.CREATED: AppointmentEvents.CREATED,
    E.TAKEN: AppointmentEvents.TAKEN,
    E.PRICED: AppointmentEvents.PRICED,
    E.PAYMENT_PROOF_UPLOADED: AppointmentEvents.PROOF_UPLOADED,
    E.MARKED_PAID: AppointmentEvents.MARKED_PAID,
    E.PAYMENT_CONFIRMED: AppointmentEvents.PAYMENT_CONFIRMED,
    E.PAYMENT_REJECTED: AppointmentEvents.PAYMENT_REJECTED,
    E.STARTED: AppointmentEvents.STARTED,
    E.COMPLETED: AppointmentEvents.COMPLETED,
    E.DECLINED: AppointmentEvents.DECLINED,
    E.CANCELLED: AppointmentEvents.CANCELLED,
    E.STATUS_SET: AppointmentEvents.STATUS_SET,
    # message_deleted and review_left are emitted by chat and reviews with their own subject
}


def appointment_event_recorded(event: AppointmentEvent, *, actor=None) -> None:
    """The platform event of a timeline entry; its actor is the entry's (explicit, never guessed),
    or `actor` when given (a system actor, stored on the timeline row as no user)."""
    platform_type = PLATFORM_EVENT.get(event.type)
    if platform_type is None:
        return
    appointment = event.appointment
    emit(
        platform_type,
        actor=actor if actor is not None else event.actor,
        subject=appointment,
        payload={
            "appointment_id": appointment.pk,
            "from_status": event.from_status,
            "to_status": event.to_status,
            "client_id": appointment.client_id,
            "master_id": appointment.master_id,
            **event.data,
        },
    )


# --- SLA (SPEC 10.4) ----------------------------------------------------------------------------

class SlaEvents(StrEnum):
    BREACHED = "sla.breached"
    WARNING = "sla.warning"


_SLA_PAYLOAD = {
    "appointment_id": "the appointment", "clock_id": "the SLA clock", "stage": "the stage timed (take, price, ...)",
    "cycle": "which time the appointment is in this stage (1, 2 after a rejected payment, ...)",
    "due_at": "when the stage was due (ISO date-time)",
    "master_id": "the master the clock counts against (null for take and for the client's pay stage)",
}
SLA_EVENT_TYPES = {
    SlaEvents.BREACHED: EventSpec("An SLA clock passed its due time (once per clock).", _SLA_PAYLOAD),
    SlaEvents.WARNING: EventSpec("An SLA clock reached its warning lead (once per clock).", _SLA_PAYLOAD),
}


class SlaAuditAction(StrEnum):
    POLICY_UPDATED = "sla.policy_updated"


SLA_AUDIT_DESCRIPTIONS = {SlaAuditAction.POLICY_UPDATED: "An admin saved a new SLA policy version (the diff)."}


def sla_clock_event(type: SlaEvents, clock, *, actor) -> None:
    """`sla.breached` / `sla.warning` of one clock, in the caller's transaction (the one whose
    conditional update won), so it is delivered once, after commit."""
    from .models import Appointment

    # The subject is the appointment (by id: no query for the row).
    emit(type, actor=actor, subject=Appointment(pk=clock.appointment_id), payload={
        "appointment_id": clock.appointment_id, "clock_id": clock.pk, "stage": clock.stage, "cycle": clock.cycle,
        "due_at": clock.due_at.isoformat(), "master_id": clock.master_id,
    })
