"""The rule engine's vocabulary (registered by the platform app)."""

from enum import StrEnum

from apps.common.capabilities import Capability

from ..events.types import EventSpec
from ..notifications.types import NotificationSpec


class RuleEvents(StrEnum):
    FIRED = "rule.fired"


class RuleNotification(StrEnum):
    NOTICE = "rule_notice"      # a rule's notify action
    DISABLED = "rule_disabled"  # admins: a rule failed too often and was switched off


class RuleAuditAction(StrEnum):
    CREATED = "rule.created"
    UPDATED = "rule.updated"
    DELETED = "rule.deleted"
    AUTO_DISABLED = "rule.auto_disabled"


class RuleErrorCode(StrEnum):
    INVALID_RULE = "invalid_rule"


EVENT_TYPES = {
    RuleEvents.FIRED: EventSpec("A rule's emit_event action ran.", {
        "rule_id": "the rule", "rule_version": "the version that ran", "name": "the name the rule gave",
        "appointment_id": "the appointment it concerned (or null)",
    }),
}

NOTIFICATION_TYPES = {
    RuleNotification.NOTICE: NotificationSpec("Messages sent by automation rules."),
    RuleNotification.DISABLED: NotificationSpec("An automation rule kept failing and was switched off.",
                                                audience=frozenset({Capability.RULES_MANAGE})),
}

AUDIT_DESCRIPTIONS = {
    RuleAuditAction.CREATED: "An automation rule was created.",
    RuleAuditAction.UPDATED: "An automation rule was changed (its field diff; the version went up).",
    RuleAuditAction.DELETED: "An automation rule was deleted.",
    RuleAuditAction.AUTO_DISABLED: "A rule was switched off after failing several times in a row.",
}

# How many errors in a row switch a rule off.
MAX_CONSECUTIVE_ERRORS = 5
# Events this deep in a cause chain trigger no rule (rule -> event -> rule -> ... stops here).
MAX_CHAIN_DEPTH = 3
FLAG_KEY = "rules_engine"
SWEEP_JOB = "rules.duration_sweep"
