"""What recomputes a score: the events that change its inputs. Each handler runs after commit in
the job worker and recomputes only the users the event concerns."""

from apps.accounts.types import AccountEvents
from apps.appointments.events import AppointmentEvents
from apps.appointments.models import Appointment, SlaClock
from apps.reviews.types import ReviewEvents

from .services import recompute

SLA_BREACHED = "sla.breached"  # registered by apps.appointments when the SLA sweep exists

APPOINTMENT_EVENTS = (
    AppointmentEvents.TAKEN, AppointmentEvents.PRICED, AppointmentEvents.PAYMENT_REJECTED,
    AppointmentEvents.COMPLETED, AppointmentEvents.DECLINED, AppointmentEvents.CANCELLED,
    AppointmentEvents.STATUS_SET,
)
REVIEW_EVENTS = (ReviewEvents.REVIEW_LEFT, ReviewEvents.REVIEW_PUBLISHED)
USER_EVENTS = (AccountEvents.USER_BANNED, AccountEvents.USER_UNBANNED)


def _appointment_people(appointment_ids) -> set[int]:
    people = set()
    rows = Appointment.objects.filter(pk__in=appointment_ids).values_list("client_id", "master_id")
    for client_id, master_id in rows:
        people.add(client_id)
        if master_id:
            people.add(master_id)
    return people


def users_concerned(event) -> set[int]:
    """The users whose scores `event` may change (its appointment's client and master, a review's
    author and subject, a banned user, a breached clock's master)."""
    payload = event.payload or {}
    people: set[int] = set()
    appointment_ids = set()
    if event.subject_type == "appointments.appointment":
        appointment_ids.add(int(event.subject_id))
    elif event.subject_type == "accounts.user":
        people.add(int(event.subject_id))
    elif event.subject_type == "appointments.slaclock":
        for appointment_id, master_id in SlaClock.objects.filter(pk=event.subject_id).values_list(
                "appointment_id", "master_id"):
            appointment_ids.add(appointment_id)
            if master_id:
                people.add(master_id)
    if payload.get("appointment_id"):
        appointment_ids.add(int(payload["appointment_id"]))
    for key in ("author_id", "subject_id", "master_id", "client_id"):
        if isinstance(payload.get(key), int):
            people.add(payload[key])
    if appointment_ids and event.subject_type != "reviews.review":
        people |= _appointment_people(appointment_ids)
    return people


def recompute_for_event(event) -> None:
    people = users_concerned(event)
    if people:
        recompute(people)
