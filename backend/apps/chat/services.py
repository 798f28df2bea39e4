"""Writes of the chat: send, soft-delete, mark read."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from apps.appointments.models import AppointmentEventType
from apps.appointments.services import appointment_record_event
from apps.common.errors import ApplicationError, ErrorCode, Forbidden

from . import events
from .models import MESSAGE_MAX_LENGTH, Message, ReadState
from .notifications import chat_notification_settle
from .selectors import chat_appointment_get, may_moderate, may_write, message_get_for, unread_count


@dataclass(frozen=True)
class ReadResult:
    unread_count: int
    last_read_message_id: int | None


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text or len(text) > MESSAGE_MAX_LENGTH:
        raise ApplicationError(ErrorCode.INVALID, f"A message is 1 to {MESSAGE_MAX_LENGTH} characters long.", 400,
                               errors={"text": [f"1 to {MESSAGE_MAX_LENGTH} characters."]})
    return text


def _advance_read_mark(*, appointment_id: int, user, message_id: int | None) -> None:
    """Move the user's read mark forward to `message_id` (never back). Race-safe: the row is unique
    per (appointment, user) and the update only applies when it moves the mark forward."""
    state, created = ReadState.objects.get_or_create(
        appointment_id=appointment_id, user=user, defaults={"last_read_message_id": message_id})
    if created or message_id is None:
        return
    ReadState.objects.filter(pk=state.pk).filter(
        Q(last_read_message__isnull=True) | Q(last_read_message_id__lt=message_id)
    ).update(last_read_message_id=message_id, updated_at=timezone.now())


@transaction.atomic
def message_send(*, appointment_id: int, sender, text: str) -> Message:
    """Post to the appointment's chat. Writing also marks everything up to one's own message read."""
    appointment = chat_appointment_get(appointment_id=appointment_id, user=sender)
    if not may_write(appointment, sender):
        raise Forbidden("Only the appointment's client, its master and support write in this chat.")
    message = Message.objects.create(appointment=appointment, sender=sender, text=_clean_text(text))
    _advance_read_mark(appointment_id=appointment.pk, user=sender, message_id=message.pk)
    chat_notification_settle(appointment_id=appointment.pk, user=sender,
                             unread=unread_count(appointment=appointment, user=sender))
    events.message_sent(message)
    return message


@transaction.atomic
def message_delete(*, message_id: int, actor, reason: str = "") -> Message:
    """Soft-delete: the sender, or a moderator (`chat.moderate`). The text leaves every response,
    the original is kept for moderators. Deleting an already deleted message changes nothing."""
    message = message_get_for(message_id=message_id, user=actor)
    moderated = message.sender_id != actor.pk
    if moderated and not may_moderate(actor):
        raise Forbidden("Only the sender or a moderator can delete this message.")
    reason = (reason or "").strip()[:500]
    now = timezone.now()
    # One conditional UPDATE: of two concurrent deletes exactly one changes the row and records it.
    deleted = Message.objects.filter(pk=message.pk, deleted_at__isnull=True).update(
        original_text=F("text"), text="", deleted_at=now, deleted_by=actor, delete_reason=reason)
    message.refresh_from_db()
    if deleted:
        appointment_record_event(
            appointment=message.appointment, actor=actor, type=AppointmentEventType.MESSAGE_DELETED,
            data={"message_id": message.pk, "sender_id": message.sender_id, "moderated": moderated,
                  **({"reason": reason} if reason else {})})
        events.message_deleted(message, actor=actor, moderated=moderated, reason=reason)
    return message


@transaction.atomic
def chat_mark_read(*, appointment_id: int, user, message_id: int | None = None) -> ReadResult:
    """Mark the chat read up to `message_id` (default: the newest message). The mark never moves
    back, so a late request from another tab can't resurrect unread messages."""
    appointment = chat_appointment_get(appointment_id=appointment_id, user=user)
    thread = Message.objects.filter(appointment=appointment)
    if message_id is None:
        target = thread.order_by("-id").values_list("id", flat=True).first()
    else:
        if not thread.filter(pk=message_id).exists():
            raise ApplicationError(ErrorCode.INVALID, "No such message in this chat.", 400,
                                   errors={"message_id": ["Not a message of this appointment."]})
        target = message_id
    _advance_read_mark(appointment_id=appointment.pk, user=user, message_id=target)
    state = ReadState.objects.get(appointment=appointment, user=user)
    unread = unread_count(appointment=appointment, user=user)
    chat_notification_settle(appointment_id=appointment.pk, user=user, unread=unread)
    return ReadResult(unread_count=unread, last_read_message_id=state.last_read_message_id)
