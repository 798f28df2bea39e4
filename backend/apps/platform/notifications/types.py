from enum import StrEnum


class NotificationType(StrEnum):
    APPOINTMENT_UPDATE = "appointment_update"
    PAYMENT_PROOF_UPLOADED = "payment_proof_uploaded"
    PAYMENT_CONFIRMED = "payment_confirmed"
    PAYMENT_REJECTED = "payment_rejected"
    NEW_MESSAGE = "new_message"
    REVIEW_RECEIVED = "review_received"
    MASTER_STATUS = "master_status"
    SLA_BREACH = "sla_breach"
    SYSTEM = "system"


# Always delivered on every available channel, whatever the user's preferences say.
CRITICAL_TYPES = frozenset({NotificationType.MASTER_STATUS, NotificationType.SYSTEM, NotificationType.PAYMENT_REJECTED})


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
