"""Notification types are registered by the apps that send them (from `AppConfig.ready()`), with
a description and whether they are critical (always delivered on every available channel,
whatever the user's preferences say):

    register_notification_types({ChatNotification.NEW_MESSAGE: NotificationSpec("A new message")},
                                owner="chat")

`notify()` and the preferences API refuse a type nobody registered."""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from apps.common.capabilities import Capability, capabilities_of
from apps.common.registry import Entry, Registry

NOTIFICATION_TYPES = Registry("notification type")


@dataclass(frozen=True)
class NotificationSpec:
    description: str
    critical: bool = False
    # A type that concerns only some people (e.g. "new request" only masters): a user sees its
    # switches, and gets it, when they hold one of these capabilities. Empty: everyone.
    audience: frozenset[Capability] = frozenset()


class PlatformNotification(StrEnum):
    SYSTEM = "system"  # about one's account as a whole (e.g. a role change)
    DELIVERY_FAILED = "delivery_failed"  # admins: a Telegram/email notification could not be delivered


PLATFORM_NOTIFICATION_TYPES = {
    PlatformNotification.SYSTEM: NotificationSpec("Messages about your account from the marketplace.", critical=True),
    PlatformNotification.DELIVERY_FAILED: NotificationSpec(
        "A Telegram or email notification could not be delivered.", audience=frozenset({Capability.SYSTEM_STATUS})),
}


def register_notification_types(specs: Mapping[StrEnum | str, NotificationSpec], *, owner: str) -> None:
    for name, spec in specs.items():
        NOTIFICATION_TYPES.register(str(name), owner=owner, description=spec.description, critical=spec.critical,
                                    audience=spec.audience)


def notification_type(name: str) -> Entry:
    return NOTIFICATION_TYPES.get(str(name))


def notification_types() -> list[str]:
    """Every registered type: the domains' in app order, then the platform's generic ones."""
    entries = sorted(NOTIFICATION_TYPES, key=lambda entry: entry.owner == "platform")
    return [entry.name for entry in entries]


def types_for(user) -> list[str]:
    """The registered types that concern `user` (what their preferences screen lists)."""
    held = capabilities_of(user)
    return [name for name in notification_types()
            if not (audience := notification_type(name).extra.get("audience")) or audience & held]


def critical_types() -> frozenset[str]:
    return frozenset(entry.name for entry in NOTIFICATION_TYPES if entry.extra.get("critical"))


def is_critical(name: str) -> bool:
    return notification_type(name).extra.get("critical", False)


class Channel(StrEnum):
    IN_APP = "in_app"
    TELEGRAM = "telegram"
    EMAIL = "email"


EXTERNAL_CHANNELS = (Channel.TELEGRAM, Channel.EMAIL)


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # waiting for its first attempt or for a retry at next_attempt_at
    SENDING = "sending"  # claimed by a worker until next_attempt_at (a lease)
    SENT = "sent"
    FAILED = "failed"  # gave up: permanent error or too many attempts
