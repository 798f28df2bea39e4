"""Reads of the chat: who may read and write it, the message list, unread counts (as subqueries,
so a list of appointments costs the same number of queries whatever its length).

Who takes part in an appointment is the appointments' rule (`appointments.policy.takes_part`);
the chat adds its staff: an admin with `appointments.view` reads every chat, one with
`chat.moderate` reads, writes and moderates every chat."""

from django.db.models import Case, Exists, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from apps.appointments.models import Appointment
from apps.appointments.policy import actor_of, takes_part, taking_part_q
from apps.common.capabilities import Capability, has_capability
from apps.common.errors import NotFound

from .models import Message, ReadState


def may_moderate(user) -> bool:
    return has_capability(user, Capability.CHAT_MODERATE)


def _reads_every_chat(actor) -> bool:
    return actor.can(Capability.APPOINTMENTS_VIEW) or actor.can(Capability.CHAT_MODERATE)


def may_read(appointment: Appointment, user) -> bool:
    """Those who take part (a master who merely sees a NEW request in the queue does not), and
    admins with `appointments.view` or `chat.moderate`."""
    actor = actor_of(user)
    return takes_part(appointment, actor) or _reads_every_chat(actor)


def may_write(appointment: Appointment, user) -> bool:
    """Those who take part, and admins with `chat.moderate` (support answering a client)."""
    actor = actor_of(user)
    return takes_part(appointment, actor) or actor.can(Capability.CHAT_MODERATE)


def chat_appointment_get(*, appointment_id, user) -> Appointment:
    """The appointment whose chat `user` may read, or 404 (never 403: a stranger learns nothing
    about the appointment)."""
    appointment = Appointment.objects.filter(pk=appointment_id).first()
    if appointment is None or not may_read(appointment, user):
        raise NotFound()
    return appointment


def message_list(*, appointment: Appointment, after: int | None = None) -> QuerySet[Message]:
    """Oldest first; `after` keeps only messages newer than that message id (polling)."""
    qs = Message.objects.filter(appointment=appointment).select_related("sender").order_by("id")
    if after is not None:
        qs = qs.filter(id__gt=after)
    return qs


def message_get_for(*, message_id, user) -> Message:
    """A message of a chat `user` may read, or 404."""
    message = (Message.objects.select_related("sender", "appointment").filter(pk=message_id).first())
    if message is None or not may_read(message.appointment, user):
        raise NotFound()
    return message


def _read_mark(user, appointment_ref) -> Coalesce:
    """The user's read mark in one chat (0 when they never read it), as a subquery. Correlated to
    the appointment, never to a message: it is looked up once per chat (an InitPlan for a known
    appointment), not once per message of a long chat."""
    return Coalesce(Subquery(ReadState.objects.filter(appointment=appointment_ref, user=user)
                             .values("last_read_message_id")[:1]), Value(0))


def _unread_messages(user, appointment_ref, mark) -> QuerySet[Message]:
    """Messages of one appointment that `user` has not read: from someone else, not deleted, after
    their read mark (a range of the (appointment, id) index)."""
    return (Message.objects.filter(appointment=appointment_ref, deleted_at__isnull=True, id__gt=mark)
            .exclude(sender=user))


def _follows(user) -> Q | Exists:
    """Whose chats count for `user`: the ones they take part in; for staff who read every chat,
    the ones they joined (read or wrote in), so the thousands of chats they may open don't all
    count as unread."""
    actor = actor_of(user)
    if _reads_every_chat(actor):
        return Exists(ReadState.objects.filter(appointment=OuterRef("pk"), user=user))
    return taking_part_q(actor)


def annotate_unread_count(qs: QuerySet, user) -> QuerySet:
    """`unread_count` on every appointment row, as one correlated subquery."""
    if user is None or not user.is_authenticated:
        return qs.annotate(unread_count=Value(0, output_field=IntegerField()))
    count = (_unread_messages(user, OuterRef("pk"), _read_mark(user, OuterRef(OuterRef("pk")))).order_by()
             .annotate(n=Func(F("id"), function="COUNT")).values("n"))
    return qs.annotate(unread_count=Case(
        When(_follows(user), then=Coalesce(Subquery(count, output_field=IntegerField()), Value(0))),
        default=Value(0), output_field=IntegerField(),
    ))


def unread_count(*, appointment: Appointment, user) -> int:
    return _unread_messages(user, appointment.pk, _read_mark(user, appointment.pk)).count()


def unread_total(*, user) -> int:
    """Unread messages over every chat the user follows (the dashboard's `unread_messages`): per
    followed chat, the messages after its read mark, summed in one query."""
    if user is None or not user.is_authenticated:
        return 0
    count = (_unread_messages(user, OuterRef("pk"), _read_mark(user, OuterRef(OuterRef("pk")))).order_by()
             .annotate(n=Func(F("id"), function="COUNT")).values("n"))
    followed = (Appointment.objects.filter(_follows(user)).order_by()
                .annotate(unread=Coalesce(Subquery(count, output_field=IntegerField()), Value(0))))
    return followed.aggregate(total=Sum("unread"))["total"] or 0


def dashboard_section(user) -> dict:
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_messages": unread_total(user=user)}
