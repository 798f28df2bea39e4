from enum import StrEnum

from apps.common.capabilities import Capability, capabilities_of


class NotificationType(StrEnum):
    APPOINTMENT_UPDATE = "appointment_update"
    PAYMENT_PROOF_UPLOADED = "payment_proof_uploaded"
    PAYMENT_CONFIRMED = "payment_confirmed"
    PAYMENT_REJECTED = "payment_rejected"
    NEW_MESSAGE = "new_message"
    REVIEW_RECEIVED = "review_received"
    MASTER_STATUS = "master_status"
    SLA_BREACH = "sla_breach"  # requests past their deadline (today: nobody took it in a day)
    SYSTEM = "system"
    NEW_REQUEST = "new_request"  # masters: a client asked for something
    MASTER_PENDING = "master_pending"  # admins: a master waits for approval
    PAYMENT_WAITING = "payment_waiting"  # admins: a payment proof waits for confirmation too long
    DELIVERY_FAILED = "delivery_failed"  # admins: a Telegram/email notification could not be delivered


# Always delivered on every available channel, whatever the user's preferences say.
CRITICAL_TYPES = frozenset({NotificationType.MASTER_STATUS, NotificationType.SYSTEM, NotificationType.PAYMENT_REJECTED})


# Types that concern only some people: a user sees (and gets) them when they hold one of these
# capabilities. Types not listed concern everyone.
AUDIENCE: dict[NotificationType, frozenset[Capability]] = {
    NotificationType.NEW_REQUEST: frozenset({Capability.APPOINTMENTS_WORK}),
    NotificationType.MASTER_PENDING: frozenset({Capability.MASTERS_MANAGE}),
    NotificationType.PAYMENT_WAITING: frozenset({Capability.PAYMENTS_CONFIRM}),
    NotificationType.SLA_BREACH: frozenset({Capability.APPOINTMENTS_WORK, Capability.APPOINTMENTS_MANAGE}),
    NotificationType.DELIVERY_FAILED: frozenset({Capability.SYSTEM_STATUS}),
}


def types_for(user) -> list[NotificationType]:
    """The notification types that concern `user` (what their preferences screen lists)."""
    held = capabilities_of(user)
    return [t for t in NotificationType if t not in AUDIENCE or AUDIENCE[t] & held]


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
