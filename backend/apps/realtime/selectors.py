"""Who may see what a frame is about: the ids of the users to push it to. The rules are the
owners' (appointments.policy, chat.selectors, common.capabilities); this module only turns them
into user ids, with one query for the admins whatever their number."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from apps.appointments.models import Appointment
from apps.appointments.policy import takes_part
from apps.common.capabilities import Capability, holders_q

User = get_user_model()


def _participants(appointment: Appointment) -> set[int]:
    """The client owner and the assigned master, as `takes_part` judges them."""
    users = [appointment.client, appointment.master]
    return {u.pk for u in users if u is not None and u.is_active and not u.is_banned and takes_part(appointment, u)}


def _holders(*capabilities: Capability) -> set[int]:
    condition = Q(pk__in=[])
    for capability in capabilities:
        condition |= holders_q(capability)
    return set(User.objects.filter(condition, is_active=True, is_banned=False).values_list("pk", flat=True))


def appointment_watchers(appointment: Appointment | None) -> set[int]:
    """Who sees the appointment's detail: those who take part and admins with `appointments.view`
    (the NEW queue's masters hear `queue.changed` instead). `appointment` comes with its people and
    the master's profile (`takes_part` asks whether they are an active master):
    appointments.selectors.appointment_with_people."""
    if appointment is None:
        return set()
    return _participants(appointment) | _holders(Capability.APPOINTMENTS_VIEW)


def chat_readers(appointment: Appointment | None) -> set[int]:
    """Who may read the appointment's chat (`chat.selectors.may_read`): those who take part, and
    admins with `appointments.view` or `chat.moderate` (`appointment` as for appointment_watchers)."""
    if appointment is None:
        return set()
    return _participants(appointment) | _holders(Capability.APPOINTMENTS_VIEW, Capability.CHAT_MODERATE)
