"""The realtime vocabulary: the frames the server pushes, the groups it pushes to, the close codes."""

from enum import IntEnum, StrEnum


class FrameType(StrEnum):
    """What a frame says changed; it carries ids, never content (the SPA refetches through the API)."""

    HELLO = "hello"
    MESSAGE_CREATED = "message.created"
    MESSAGE_DELETED = "message.deleted"
    APPOINTMENT_UPDATED = "appointment.updated"
    NOTIFICATION_CREATED = "notification.created"
    QUEUE_CHANGED = "queue.changed"


class CloseCode(IntEnum):
    """Websocket close codes (4000-4999 are the application's)."""

    RECONNECT = 4001  # what the user may see changed (role, master status): reconnect to rejoin the groups
    UNAUTHORIZED = 4401  # no ticket, or a used, expired or forged one
    FORBIDDEN = 4403  # the user was banned or deactivated


# Who a frame goes to: one group per user, one for the active masters (the NEW queue).
ACTIVE_MASTERS_GROUP = "masters.active"


def user_group(user_id: int) -> str:
    return f"user.{int(user_id)}"


# The consumer's handlers (a channel-layer message's "type", dots become underscores).
PUSH = "realtime.push"
FORCE_CLOSE = "realtime.force_close"
