"""Names the admin operations write into the audit trail and the event log, and their error codes
(registered in AdminpanelConfig.ready()). Accounts' writes (ban, role change, master status,
settings) record accounts' own names."""

from enum import StrEnum


class AdminAuditAction(StrEnum):
    APPOINTMENT_STATUS_SET = "appointment.status_set"
    APPOINTMENT_PAYMENT_CONFIRMED = "appointment.payment_confirmed"
    APPOINTMENT_PAYMENT_REJECTED = "appointment.payment_rejected"
    ACTION_RUN = "admin.action_run"


AUDIT_DESCRIPTIONS = {
    AdminAuditAction.APPOINTMENT_STATUS_SET: "An admin set an appointment's status (field diff, reason).",
    AdminAuditAction.APPOINTMENT_PAYMENT_CONFIRMED: "An admin confirmed a payment from the admin screens.",
    AdminAuditAction.APPOINTMENT_PAYMENT_REJECTED: "An admin rejected a payment proof from the admin screens.",
    AdminAuditAction.ACTION_RUN: "A maintenance action was run (params, outcome).",
}


class AdminEvents(StrEnum):
    ACTION_RUN = "admin.action_run"


class AdminErrorCode(StrEnum):
    CANNOT_BAN_SELF = "cannot_ban_self"
