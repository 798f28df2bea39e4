"""The platform's own rule fields (the event) and actions (emit_event), the worker handler and
the sweep job: registered by the platform app."""

from collections.abc import Sequence

from django.contrib.auth import get_user_model

from apps.common.capabilities import Role, effective_role

from ..actors import ActorType
from ..events.services import ALL_EVENTS, emit, register_handler
from ..events.types import event_type_names
from ..jobs.registry import register_job
from .engine import duration_sweep, rules_on_event, rules_wanted
from .grammar import FieldType
from .registry import (
    ActionContext,
    ActionSpec,
    FieldSpec,
    ParamSpec,
    Target,
    register_rule_action,
    register_rule_fields,
)
from .types import SWEEP_JOB, RuleEvents

ACTOR_ROLES = (*(r.value for r in Role), ActorType.SYSTEM.value, ActorType.ANONYMOUS.value)

EVENT_FIELDS = [
    FieldSpec("event.type", FieldType.ENUM, "Event type", choices=event_type_names),
    FieldSpec("event.actor_role", FieldType.ENUM, "Who acted (role, or system / anonymous)", choices=ACTOR_ROLES),
]


def load_event_facts(targets: Sequence[Target]) -> list[dict]:
    """event.* for each target (one query for the actors)."""
    user_ids = {t.event.actor_id for t in targets if t.event is not None and t.event.actor_id}
    users = get_user_model().objects.in_bulk(user_ids) if user_ids else {}
    rows = []
    for target in targets:
        event = target.event
        if event is None:
            rows.append({})
            continue
        if event.actor_kind == ActorType.USER and event.actor_id in users:
            role = effective_role(users[event.actor_id])
            actor_role = str(role) if role else ActorType.ANONYMOUS.value
        else:
            actor_role = event.actor_kind
        rows.append({"event.type": event.type, "event.actor_role": actor_role})
    return rows


def emit_event_action(context: ActionContext) -> str:
    event = emit(RuleEvents.FIRED, actor=context.actor, subject=context.rule, payload={
        "rule_id": context.rule.pk, "rule_version": context.rule.version, "name": context.params["name"],
        "appointment_id": context.target.appointment_id,
    })
    return f"event #{event.pk}"


def register_rules_builtins() -> None:
    register_rule_fields(EVENT_FIELDS, owner="platform", loader=load_event_facts)
    register_rule_action(ActionSpec("emit_event", "Emit a rule.fired event", (ParamSpec("name", max_length=100),),
                                    run=emit_event_action, needs_appointment=False), owner="platform")
    register_handler(ALL_EVENTS, rules_on_event, in_worker=True, wanted=rules_wanted)
    register_job(SWEEP_JOB, duration_sweep, every_seconds=60,
                 description="Fire duration rules (in a status for N hours), once per entry into the status.")
