"""Reads of rules and their runs."""

from django.db.models import QuerySet

from apps.common.errors import ApplicationError, ErrorCode, NotFound

from .engine import dry_run
from .models import Rule, RuleRun
from .registry import Target, target_lookup


def rule_list() -> QuerySet[Rule]:
    return Rule.objects.order_by("priority", "id")


def rule_get(*, rule_id: int) -> Rule:
    rule = Rule.objects.filter(pk=rule_id).first()
    if rule is None:
        raise NotFound("No such rule.")
    return rule


def rule_run_list(*, rule_id: int | None = None) -> QuerySet[RuleRun]:
    qs = RuleRun.objects.order_by("-id")
    return qs.filter(rule_id=rule_id) if rule_id is not None else qs


def rule_dry_run(*, rule: Rule, appointment_id: int) -> dict:
    """What `rule` (saved or not) would do for an appointment now, writing nothing. For an event
    trigger, the appointment's latest event of that type (if any) provides the event's fields."""
    event_type = rule.trigger.get("event", "") if isinstance(rule.trigger, dict) else ""
    exists, event = target_lookup(appointment_id, event_type)
    if not exists:
        raise ApplicationError(ErrorCode.NOT_FOUND, "No such appointment.", 404)
    return dry_run(rule, target=Target(event=event, appointment_id=appointment_id))
