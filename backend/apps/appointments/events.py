"""Each timeline entry is also a platform event (SPEC 6.2): the appointment keeps its own timeline,
the platform log sees everything the marketplace does."""

from apps.platform.events.services import emit
from apps.platform.events.types import EventType

from .models import AppointmentEvent
from .models import AppointmentEventType as E

PLATFORM_EVENT: dict[str, EventType] = {
    E.CREATED: EventType.APPOINTMENT_CREATED,
    E.TAKEN: EventType.APPOINTMENT_TAKEN,
    E.PRICED: EventType.APPOINTMENT_PRICED,
    E.PAYMENT_PROOF_UPLOADED: EventType.APPOINTMENT_PROOF_UPLOADED,
    E.MARKED_PAID: EventType.APPOINTMENT_MARKED_PAID,
    E.PAYMENT_CONFIRMED: EventType.APPOINTMENT_PAYMENT_CONFIRMED,
    E.PAYMENT_REJECTED: EventType.APPOINTMENT_PAYMENT_REJECTED,
    E.STARTED: EventType.APPOINTMENT_STARTED,
    E.COMPLETED: EventType.APPOINTMENT_COMPLETED,
    E.DECLINED: EventType.APPOINTMENT_DECLINED,
    E.CANCELLED: EventType.APPOINTMENT_CANCELLED,
    E.STATUS_SET: EventType.APPOINTMENT_STATUS_SET,
    # message_deleted and review_left are emitted by chat and reviews with their own subject
}


def appointment_event_recorded(event: AppointmentEvent) -> None:
    platform_type = PLATFORM_EVENT.get(event.type)
    if platform_type is None:
        return
    appointment = event.appointment
    emit(
        platform_type,
        actor=event.actor,
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
