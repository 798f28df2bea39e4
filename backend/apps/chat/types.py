"""The names of the chat: its platform events, notification types and audit actions (registered in
ChatConfig.ready())."""

from enum import StrEnum


class ChatEvents(StrEnum):
    MESSAGE_SENT = "message.sent"
    MESSAGE_DELETED = "message.deleted"


class ChatNotification(StrEnum):
    NEW_MESSAGE = "new_message"


class ChatAuditAction(StrEnum):
    MESSAGE_DELETED = "chat.message_deleted"  # by a moderator (a sender deleting their own is not audited)


AUDIT_DESCRIPTIONS = {ChatAuditAction.MESSAGE_DELETED: "A moderator deleted someone else's message."}
