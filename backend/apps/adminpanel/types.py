"""Names the admin operations write into the audit trail and the event log, and their error codes
(registered in AdminpanelConfig.ready()). Accounts' writes (ban, role change, master status,
settings) and the appointment overrides record their own apps' names."""

from enum import StrEnum


class AdminAuditAction(StrEnum):
    ACTION_RUN = "admin.action_run"


AUDIT_DESCRIPTIONS = {AdminAuditAction.ACTION_RUN: "A maintenance action was run (params, outcome)."}


class AdminEvents(StrEnum):
    ACTION_RUN = "admin.action_run"


class AdminErrorCode(StrEnum):
    CANNOT_BAN_SELF = "cannot_ban_self"
