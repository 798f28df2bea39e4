"""Reads of rules and their runs."""

from datetime import datetime, timedelta

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.common.errors import ApplicationError, ErrorCode, NotFound

from .engine import dry_run
from .models import Rule, RuleRun, RunOutcome
from .registry import Target, target_lookup

STATS_WINDOW = timedelta(days=7)


def _count_of(runs: QuerySet[RuleRun]) -> Coalesce:
    counted = runs.order_by().values("rule_id").annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def rule_list(*, now: datetime | None = None) -> QuerySet[Rule]:
    """Rules by priority, each with its run log's figures, set-based (one query for any page):
    `last_run_at`, and `runs_7d` / `errors_7d` over the last 7 days (correlated subqueries on
    the (rule, -id) index of the run log)."""
    since = (now or timezone.now()) - STATS_WINDOW
    runs = RuleRun.objects.filter(rule_id=OuterRef("pk"))
    recent = runs.filter(created_at__gte=since)
    return Rule.objects.annotate(
        last_run_at=Subquery(runs.order_by("-id").values("created_at")[:1]),
        runs_7d=_count_of(recent),
        errors_7d=_count_of(recent.filter(outcome=RunOutcome.ERROR)),
    ).order_by("priority", "id")


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
