"""Writes of rules: create, change (the version goes up, a snapshot is kept, the audit entry
holds the field diff), delete, and the engine's automatic switch-off."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from apps.common.capabilities import Capability
from apps.common.errors import ApplicationError, NotFound

from ..actors import SYSTEM
from ..audit.services import audit_record
from ..notifications.alerts import holders_of
from ..notifications.services import notify_many
from ..refs import to_jsonable
from .models import Rule, RuleVersion
from .types import MAX_CONSECUTIVE_ERRORS, RuleAuditAction, RuleErrorCode, RuleNotification
from .validation import validate_rule

EDITABLE = ("name", "description", "enabled", "mode", "priority", "stop_processing", "trigger", "conditions",
            "actions")
DEFINITION = ("trigger", "conditions", "actions")


def rule_snapshot(rule: Rule) -> dict[str, Any]:
    return to_jsonable({name: getattr(rule, name) for name in EDITABLE})


def rule_errors_raise(*, trigger: Any, conditions: Any, actions: Any) -> None:
    """400 `invalid_rule` with every problem and its path, or nothing."""
    errors = validate_rule(trigger=trigger, conditions=conditions, actions=actions)
    if errors:
        raise ApplicationError(RuleErrorCode.INVALID_RULE, "The rule is not valid.", 400,
                               errors=[e.as_dict() for e in errors])


def _trigger_event(trigger: dict) -> str:
    return str(trigger.get("event", "")) if trigger.get("type") == "event" else ""


def _save_version(rule: Rule, *, actor) -> None:
    RuleVersion.objects.create(rule=rule, version=rule.version, snapshot=rule_snapshot(rule),
                               created_by=actor if getattr(actor, "pk", None) else None)


@transaction.atomic
def rule_create(*, actor, data: dict) -> Rule:
    rule_errors_raise(trigger=data.get("trigger"), conditions=data.get("conditions", {"all": []}),
                      actions=data.get("actions", []))
    now = timezone.now()
    rule = Rule(created_at=now, updated_at=now, updated_by=actor if getattr(actor, "pk", None) else None)
    for name in EDITABLE:
        if name in data:
            setattr(rule, name, data[name])
    if "conditions" not in data:
        rule.conditions = {"all": []}
    rule.trigger_event = _trigger_event(rule.trigger)
    rule.save()
    _save_version(rule, actor=actor)
    audit_record(actor=actor, action=RuleAuditAction.CREATED, target=rule,
                 changes={name: [None, value] for name, value in rule_snapshot(rule).items()})
    return rule


def _locked(rule_id: int) -> Rule:
    rule = Rule.objects.select_for_update().filter(pk=rule_id).first()
    if rule is None:
        raise NotFound("No such rule.")
    return rule


@transaction.atomic
def rule_update(*, actor, rule_id: int, data: dict, audit_action: RuleAuditAction = RuleAuditAction.UPDATED,
                reason: str = "") -> Rule:
    """Change some fields; any change bumps the version (a run names the version it used)."""
    rule = _locked(rule_id)
    before = rule_snapshot(rule)
    merged = {name: data.get(name, getattr(rule, name)) for name in DEFINITION}
    if any(name in data for name in DEFINITION):
        rule_errors_raise(**merged)
    for name in EDITABLE:
        if name in data:
            setattr(rule, name, data[name])
    after = rule_snapshot(rule)
    changes = {name: [before[name], after[name]] for name in EDITABLE if before[name] != after[name]}
    if not changes:
        return rule
    rule.version += 1
    rule.trigger_event = _trigger_event(rule.trigger)
    rule.updated_at = timezone.now()
    rule.updated_by = actor if getattr(actor, "pk", None) else None
    if "enabled" in changes and rule.enabled:
        rule.consecutive_errors = 0
    rule.save()
    _save_version(rule, actor=actor)
    audit_record(actor=actor, action=audit_action, target=rule, changes={**changes, "version": [rule.version - 1,
                                                                                                 rule.version]},
                 reason=reason)
    return rule


@transaction.atomic
def rule_delete(*, actor, rule_id: int) -> None:
    rule = _locked(rule_id)
    audit_record(actor=actor, action=RuleAuditAction.DELETED, target=rule,
                 changes={name: [value, None] for name, value in rule_snapshot(rule).items()})
    rule.delete()


def rule_auto_disable(*, rule_id: int) -> Rule:
    """Switch a rule off after MAX_CONSECUTIVE_ERRORS failures in a row and tell the admins who
    manage rules (in the caller's transaction)."""
    rule = rule_update(actor=SYSTEM, rule_id=rule_id, data={"enabled": False},
                       audit_action=RuleAuditAction.AUTO_DISABLED,
                       reason=f"{MAX_CONSECUTIVE_ERRORS} errors in a row")
    notify_many(users=holders_of(Capability.RULES_MANAGE), type=RuleNotification.DISABLED, subject=rule,
                texts=lambda _admin: (f"Rule switched off: {rule.name}",
                                      f"The rule failed {MAX_CONSECUTIVE_ERRORS} times in a row and was disabled."),
                data={"rule_id": rule.pk})
    return rule
