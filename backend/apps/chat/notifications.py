"""A new message tells the other participants, in their inbox and on their channels. One unread
notification per chat and reader (`group_key`): a burst of messages updates it instead of piling
up. The text of a message is never copied into a notification (it could be deleted later)."""

from apps.appointments.selectors import appointment_of_event
from apps.platform.events.services import register_handler
from apps.platform.notifications.services import notifications_mark_group_read, notify
from apps.platform.notifications.types import NotificationSpec

from .models import Message
from .selectors import unread_count
from .types import ChatEvents, ChatNotification

NOTIFICATION_TYPES = {ChatNotification.NEW_MESSAGE: NotificationSpec("A new message in one of your chats.")}


def _ru_messages(n: int) -> str:
    if n % 10 == 1 and n % 100 != 11:
        word = "непрочитанное сообщение"
    elif 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        word = "непрочитанных сообщения"
    else:
        word = "непрочитанных сообщений"
    return f"{n} {word}"


def _texts(language: str, *, sender: str, title: str, count: int) -> tuple[str, str]:
    if language == "ru":
        return f"Новое сообщение: «{title}»", f"{sender} пишет вам. У вас {_ru_messages(count)}."
    noun = "unread message" if count == 1 else "unread messages"
    return f"New message: “{title}”", f"{sender} wrote to you. You have {count} {noun}."


def group_key(appointment_id: int) -> str:
    return f"chat:{appointment_id}"


def chat_notification_settle(*, appointment_id: int, user, unread: int) -> None:
    """Once everything in the chat is read there (read mark, or the reader's own reply), its
    notification is read too."""
    if unread == 0:
        notifications_mark_group_read(user=user, group_key=group_key(appointment_id))


def _on_message_sent(event) -> None:
    message = (Message.objects.select_related("sender").filter(pk=event.payload.get("message_id")).first())
    if message is None or message.is_deleted:
        return
    appointment = appointment_of_event(event)  # the message's (the payload names it)
    if appointment is None or appointment.pk != message.appointment_id:
        return
    recipients = [appointment.client, appointment.master]
    for user in recipients:
        if user is None or user.pk == message.sender_id:
            continue
        count = unread_count(appointment=appointment, user=user)
        if count == 0:  # already read (or deleted) before we got here
            continue
        title, body = _texts(user.language, sender=message.sender.public_name, title=appointment.title,
                             count=count)
        notify(user=user, type=ChatNotification.NEW_MESSAGE, title=title, body=body, subject=appointment,
               group_key=group_key(appointment.pk),
               data={"appointment_id": appointment.pk, "message_id": message.pk, "unread_count": count})


def register() -> None:
    register_handler(ChatEvents.MESSAGE_SENT, _on_message_sent)
