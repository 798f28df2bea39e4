"""Platform events of the chat. Payloads carry ids, never message text: the event log is read by
admins who may not read chats, and a deleted message must leave no copy behind."""

from apps.platform.events.services import emit
from apps.platform.events.types import EventType

from .models import Message


def message_sent(message: Message) -> None:
    appointment = message.appointment
    emit(EventType.MESSAGE_SENT, actor=message.sender, subject=message, payload={
        "appointment_id": appointment.pk, "message_id": message.pk, "sender_id": message.sender_id,
        "client_id": appointment.client_id, "master_id": appointment.master_id, "length": len(message.text),
    })


def message_deleted(message: Message, *, actor, moderated: bool, reason: str) -> None:
    emit(EventType.MESSAGE_DELETED, actor=actor, subject=message, payload={
        "appointment_id": message.appointment_id, "message_id": message.pk, "sender_id": message.sender_id,
        "moderated": moderated, **({"reason": reason} if reason else {}),
    })
