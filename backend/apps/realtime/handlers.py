"""The hooks: the platform's events (each recorded in the same transaction as the change, handlers
run after it commits) for chat and appointments, and the platform's `inbox_changed` signal for the inbox
(notifications are written by the platform, which emits no event for them). Every frame is
computed from ids the event already carries."""

from django.db import transaction

from apps.accounts.types import AccountEvents
from apps.appointments.events import AppointmentEvents
from apps.appointments.models import AppointmentStatus
from apps.appointments.selectors import appointment_of_event
from apps.chat.types import ChatEvents
from apps.platform.events.models import PlatformEvent
from apps.platform.events.services import register_handler
from apps.platform.notifications.models import Notification
from apps.platform.notifications.selectors import unread_counts_for
from apps.platform.notifications.signals import inbox_changed

from . import selectors
from .services import close_now, frame, push_now
from .types import CloseCode, FrameType

_CHAT_FRAMES = {ChatEvents.MESSAGE_SENT: FrameType.MESSAGE_CREATED,
                ChatEvents.MESSAGE_DELETED: FrameType.MESSAGE_DELETED}


def on_chat_event(event: PlatformEvent) -> None:
    appointment_id, message_id = event.payload["appointment_id"], event.payload["message_id"]
    push_now(user_ids=selectors.chat_readers(appointment_of_event(event)),
             frame=frame(_CHAT_FRAMES[event.type], appointment_id=appointment_id, message_id=message_id))


def _queue_changed(payload: dict) -> bool:
    """The request entered or left the NEW queue (created, taken, cancelled, declined back to the
    queue, set back to NEW by an admin or the SLA sweep...)."""
    new = AppointmentStatus.NEW
    from_status, to_status = payload.get("from_status") or "", payload.get("to_status") or ""
    return (from_status == new) != (to_status == new)


def on_appointment_event(event: PlatformEvent) -> None:
    appointment_id, status = event.payload["appointment_id"], event.payload.get("to_status") or ""
    push_now(user_ids=selectors.appointment_watchers(appointment_of_event(event)),
             frame=frame(FrameType.APPOINTMENT_UPDATED, appointment_id=appointment_id, status=status))
    if _queue_changed(event.payload):
        push_now(active_masters=True, frame=frame(FrameType.QUEUE_CHANGED, appointment_id=appointment_id))


def on_inbox_changed(sender, user_ids: list[int], **kwargs) -> None:
    """New or bumped in-app notifications: each recipient's unread count, after commit (counted then:
    what their next read will see), one query for all of them and one frame per distinct count."""
    if not user_ids:
        return
    ids = list(user_ids)

    def send() -> None:
        by_count: dict[int, list[int]] = {}
        for user_id, unread in unread_counts_for(user_ids=ids).items():
            by_count.setdefault(unread, []).append(user_id)
        for unread, users in by_count.items():
            push_now(user_ids=users, frame=frame(FrameType.NOTIFICATION_CREATED, unread_count=unread))

    transaction.on_commit(send, robust=True)


def on_user_banned(event: PlatformEvent) -> None:
    """The banned user's open sockets close (4403); their tickets are refused from now on."""
    close_now(user_id=int(event.subject_id), code=CloseCode.FORBIDDEN)


def on_standing_changed(event: PlatformEvent) -> None:
    """A role change or a master activated/suspended changes the groups the user belongs in (the
    NEW queue's): their sockets close with 4001 and the SPA reconnects with a fresh ticket."""
    close_now(user_id=int(event.subject_id), code=CloseCode.RECONNECT)


def register() -> None:
    register_handler(AccountEvents.USER_BANNED, on_user_banned)
    for event_type in (AccountEvents.USER_ROLE_CHANGED, AccountEvents.MASTER_ACTIVATED, AccountEvents.MASTER_SUSPENDED):
        register_handler(event_type, on_standing_changed)
    for event_type in _CHAT_FRAMES:
        register_handler(event_type, on_chat_event)
    for event_type in AppointmentEvents:
        register_handler(event_type, on_appointment_event)
    inbox_changed.connect(on_inbox_changed, sender=Notification, dispatch_uid="realtime.inbox_changed")
