from enum import StrEnum


class ChatAuditAction(StrEnum):
    MESSAGE_DELETED = "chat.message_deleted"  # by a moderator (a sender deleting their own is not audited)
