"""The engine: after an event commits, the job worker evaluates the enabled rules of its type in
priority order and records one run per (rule, event); `rules.duration_sweep` does the same for
"in status X for N hours", once per (rule, appointment, entry into the status).

Guarantees (SPEC 10.1): nothing runs in the triggering request (a worker handler, after
commit); a run is claimed by a unique key, in the same transaction as the rule's actions, so a
retried handler runs nothing twice; an action's failure is an `error` run (its effects are
rolled back to a savepoint, the trigger is untouched); 5 errors in a row switch the rule off; a
rule never fires on events its own actions caused (they are recorded with the actor
`rule:<id>`), and events `MAX_CHAIN_DEPTH` links deep trigger nothing; the `rules_engine` flag
off stops everything."""

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ..actors import ActorType, SystemActor, system_actor
from ..events.models import PlatformEvent
from ..flags.services import flag_definitions, flag_is_enabled
from .grammar import Predicate, compile_conditions
from .models import Rule, RuleMode, RuleRun, RunOutcome
from .registry import ActionContext, FactBatch, Facts, Target, action_spec, duration_finder, field_infos, target_of
from .types import FLAG_KEY, MAX_CHAIN_DEPTH, MAX_CONSECUTIVE_ERRORS

logger = logging.getLogger(__name__)

RULE_ACTOR_PREFIX = "rule:"
_compiled: dict[tuple, Predicate] = {}


def engine_enabled() -> bool:
    """The kill switch: the `rules_engine` flag (created on by the migration). Only a flag that
    exists and is off stops the engine; without the row it runs."""
    if FLAG_KEY not in flag_definitions():
        return True
    return flag_is_enabled(FLAG_KEY, user=None).enabled


def rule_actor(rule: Rule) -> SystemActor:
    """Who a rule's actions act as: `rule:<id>` (how the engine recognises a rule's own effects)."""
    return system_actor(f"{RULE_ACTOR_PREFIX}{rule.pk}")


def compiled(rule: Rule) -> Predicate:
    """The rule's conditions compiled once per rule version (the timestamps keep a reused id, as a
    test database's rolled-back rows leave, from reading another rule's closure)."""
    key = (rule.pk, rule.version, rule.created_at, rule.updated_at)
    predicate = _compiled.get(key)
    if predicate is None:
        predicate = compile_conditions(rule.conditions, field_infos())
        if rule.pk is not None:
            if len(_compiled) > 5000:
                _compiled.clear()
            _compiled[key] = predicate
    return predicate


def rules_behind(event: PlatformEvent) -> set[int]:
    """The rules whose actions caused `event` or any of its causes."""
    chain = event.chain() if event.caused_by_id is not None else [event]
    return {int(e.actor_label[len(RULE_ACTOR_PREFIX):]) for e in chain
            if e.actor_kind == ActorType.SYSTEM and e.actor_label.startswith(RULE_ACTOR_PREFIX)
            and e.actor_label[len(RULE_ACTOR_PREFIX):].isdigit()}


@dataclass
class Evaluation:
    matched: bool
    outcome: str
    trace: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    duration_us: int = 0


def evaluate(rule: Rule, facts: Facts, target: Target, *, act: bool) -> Evaluation:
    """Evaluate `rule` on `facts`; when it matches, live and `act`, run its actions (each in a
    savepoint: a failing action leaves nothing behind and makes the run an `error`)."""
    started = time.perf_counter_ns()
    trace: list = []
    try:
        matched = compiled(rule)(facts, trace)
    except Exception as exc:
        logger.exception("Rule %s could not be evaluated", rule.pk)
        return Evaluation(False, RunOutcome.ERROR, trace, [{"type": "evaluate", "ok": False,
                                                            "detail": f"{exc.__class__.__name__}: {exc}"[:500]}],
                          (time.perf_counter_ns() - started) // 1000)
    outcome = RunOutcome.MATCHED if matched else RunOutcome.NOT_MATCHED
    actions: list = []
    if matched and rule.mode == RuleMode.SHADOW:
        outcome = RunOutcome.SHADOW
        actions = [{"type": a.get("type"), "ok": None, "detail": "shadow mode: not run"} for a in rule.actions]
    elif matched and act:
        actor = rule_actor(rule)
        for action in rule.actions:
            ok, detail = run_action(rule, action, target, actor)
            actions.append({"type": action.get("type"), "ok": ok, "detail": detail})
            if not ok:
                outcome = RunOutcome.ERROR
    return Evaluation(matched, outcome, trace, actions, (time.perf_counter_ns() - started) // 1000)


def run_action(rule: Rule, action: dict, target: Target, actor) -> tuple[bool, str]:
    try:
        spec = action_spec(action.get("type"))
        if spec.needs_appointment and target.appointment_id is None:
            return False, "This event concerns no appointment."
        with transaction.atomic():
            detail = spec.run(ActionContext(target=target, params=action.get("params", {}), rule=rule, actor=actor))
        return True, str(detail or "")[:500]
    except Exception as exc:
        logger.warning("Rule %s: action %s failed: %s", rule.pk, action.get("type"), exc)
        return False, f"{exc.__class__.__name__}: {exc}"[:500]


def _after_runs(rules_outcomes: Sequence[tuple[Rule, str]]) -> None:
    """Count errors in a row; switch off a rule that reached the limit."""
    from .services import rule_auto_disable

    for rule, outcome in rules_outcomes:
        if outcome == RunOutcome.ERROR:
            Rule.objects.filter(pk=rule.pk).update(consecutive_errors=F("consecutive_errors") + 1)
            if rule.consecutive_errors + 1 >= MAX_CONSECUTIVE_ERRORS:
                rule_auto_disable(rule_id=rule.pk)
        elif rule.consecutive_errors:
            Rule.objects.filter(pk=rule.pk).update(consecutive_errors=0)


def _run_row(rule: Rule, evaluation: Evaluation, *, key: str, event, appointment_id) -> RuleRun:
    return RuleRun(rule=rule, rule_version=rule.version, key=key, event=event, appointment_id=appointment_id,
                   outcome=evaluation.outcome, trace=evaluation.trace, actions=evaluation.actions,
                   duration_us=min(evaluation.duration_us, 2**31 - 1))


def rules_wanted(event: PlatformEvent) -> bool:
    """Asked before the engine's job is queued: does an enabled rule trigger on this event? Most
    events (a chat message, a notification read) have none: no job then. A rule enabled after an
    event committed does not fire on it (it could before, when the event's job ran late)."""
    return event.depth < MAX_CHAIN_DEPTH and Rule.objects.filter(enabled=True, trigger_event=event.type).exists()


def rules_on_event(event: PlatformEvent) -> int:
    """The worker handler of every event type: run the enabled rules that trigger on it. Returns
    how many runs it recorded."""
    if event.depth >= MAX_CHAIN_DEPTH or not engine_enabled():
        return 0
    rules = list(Rule.objects.filter(enabled=True, trigger_event=event.type).order_by("priority", "id"))
    if not rules:
        return 0
    key = f"event:{event.pk}"
    skip = rules_behind(event)
    skip |= set(RuleRun.objects.filter(rule__in=rules, key=key).values_list("rule_id", flat=True))
    rules = [rule for rule in rules if rule.pk not in skip]
    if not rules:
        return 0
    target = target_of(event)
    facts = FactBatch([target], timezone.now()).facts(0)
    runs, outcomes = [], []
    for rule in rules:
        evaluation = evaluate(rule, facts, target, act=True)
        runs.append(_run_row(rule, evaluation, key=key, event=event, appointment_id=target.appointment_id))
        outcomes.append((rule, evaluation.outcome))
        if evaluation.matched and rule.stop_processing and rule.mode == RuleMode.LIVE:
            break
    # The unique (rule, key) makes a concurrent duplicate fail here, rolling back its actions too.
    RuleRun.objects.bulk_create(runs)
    _after_runs(outcomes)
    return len(runs)


def duration_sweep(*, now: datetime | None = None) -> dict[str, Any]:
    """Every enabled duration rule: the appointments in its status for at least its hours, each
    entry into the status once (claimed by the run's unique key)."""
    if not engine_enabled():
        return {"skipped": "the rules_engine flag is off"}
    now = now or timezone.now()
    fired = evaluated = 0
    for rule in Rule.objects.filter(enabled=True, trigger_event="").order_by("priority", "id"):
        trigger = rule.trigger or {}
        if trigger.get("type") != "duration":
            continue
        status, hours = trigger.get("status"), float(trigger.get("hours") or 0)
        hits = list(duration_finder(status)(status, now - timedelta(hours=hours)))
        keyed = {f"duration:{hit.appointment_id}:{hit.entry}": hit for hit in hits}
        done = set(RuleRun.objects.filter(rule=rule, key__in=list(keyed)).values_list("key", flat=True))
        todo = [(key, hit) for key, hit in keyed.items() if key not in done]
        batch = FactBatch([Target(appointment_id=hit.appointment_id) for _key, hit in todo], now)
        for index, (key, hit) in enumerate(todo):
            target = batch.targets[index]
            try:
                with transaction.atomic():
                    rule.refresh_from_db(fields=["enabled", "consecutive_errors", "version"])
                    if not rule.enabled:
                        break
                    evaluation = evaluate(rule, batch.facts(index), target, act=True)
                    _run_row(rule, evaluation, key=key, event=None, appointment_id=hit.appointment_id).save()
                    _after_runs([(rule, evaluation.outcome)])
            except IntegrityError:  # another sweep claimed this entry first
                continue
            evaluated += 1
            fired += evaluation.outcome == RunOutcome.MATCHED
    return {"evaluated": evaluated, "matched": fired}


def dry_run(rule: Rule, *, target: Target) -> dict[str, Any]:
    """What `rule` would do for `target`, changing nothing: the match, the trace of every
    evaluated leaf, and the actions that would run."""
    facts = FactBatch([target], timezone.now()).facts(0)
    trace: list = []
    matched = compile_conditions(rule.conditions, field_infos())(facts, trace)
    actions = [{"type": a.get("type"), "params": a.get("params", {}),
                "would_run": matched and rule.mode == RuleMode.LIVE} for a in rule.actions] if matched else []
    return {"matched": matched, "trace": trace, "actions": actions}
