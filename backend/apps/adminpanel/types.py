"""Names the admin operations write into the audit trail (the platform's AuditAction covers the
accounts writes: ban, role change, master status, settings)."""

from enum import StrEnum


class AdminAuditAction(StrEnum):
    APPOINTMENT_STATUS_SET = "appointment.status_set"
    APPOINTMENT_PAYMENT_CONFIRMED = "appointment.payment_confirmed"
    APPOINTMENT_PAYMENT_REJECTED = "appointment.payment_rejected"
    ACTION_RUN = "admin.action_run"


class AdminErrorCode(StrEnum):
    CANNOT_BAN_SELF = "cannot_ban_self"
