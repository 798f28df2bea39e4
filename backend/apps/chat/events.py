"""Platform events of the chat. Payloads carry ids, never message text: the event log is read by
admins who may not read chats, and a deleted message must leave no copy behind."""

from apps.platform.audit.services import audit_record
from apps.platform.events.services import emit
from apps.platform.events.types import EventSpec

from .models import Message
from .types import ChatAuditAction, ChatEvents

_IDS = {"appointment_id": "the appointment", "message_id": "the message", "sender_id": "who wrote it"}

EVENT_TYPES = {
    ChatEvents.MESSAGE_SENT: EventSpec("A message was posted in an appointment's chat.", {
        **_IDS, "client_id": "the appointment's client", "master_id": "its assigned master (or null)",
        "length": "the text's length in characters"}),
    ChatEvents.MESSAGE_DELETED: EventSpec("A message was deleted (soft) by its sender or a moderator.", {
        **_IDS, "moderated": "deleted by a moderator, not the sender", "reason": "the moderator's reason, if any"}),
}


def message_sent(message: Message) -> None:
    appointment = message.appointment
    emit(ChatEvents.MESSAGE_SENT, actor=message.sender, subject=message, payload={
        "appointment_id": appointment.pk, "message_id": message.pk, "sender_id": message.sender_id,
        "client_id": appointment.client_id, "master_id": appointment.master_id, "length": len(message.text),
    })


def message_deleted(message: Message, *, actor, moderated: bool, reason: str) -> None:
    """The event, and the audit entry when a moderator deleted someone else's message."""
    emit(ChatEvents.MESSAGE_DELETED, actor=actor, subject=message, payload={
        "appointment_id": message.appointment_id, "message_id": message.pk, "sender_id": message.sender_id,
        "moderated": moderated, **({"reason": reason} if reason else {}),
    })
    if moderated:
        audit_record(actor=actor, action=ChatAuditAction.MESSAGE_DELETED, target=message,
                     changes={"deleted": [False, True]}, reason=reason,
                     metadata={"appointment_id": message.appointment_id, "sender_id": message.sender_id})
