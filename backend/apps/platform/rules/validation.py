"""Validation of a whole rule (trigger, conditions, actions) against the registries; every
problem carries its JSON path. The catalog endpoint describes these same tables."""

from typing import Any

from ..events.types import event_type_names
from .grammar import MAX_BYTES, MAX_DEPTH, MAX_LEAVES, OPS, ProblemCode, RuleError, json_size, validate_conditions
from .registry import ACTIONS, ParamSpec, action_spec, action_specs, duration_statuses, field_infos, field_spec

MAX_ACTIONS = 10
MAX_HOURS = 24 * 365


def _trigger_errors(trigger: Any) -> list[RuleError]:
    if not isinstance(trigger, dict):
        return [RuleError("trigger", ProblemCode.INVALID, "A trigger is an object with a type.")]
    kind = trigger.get("type")
    if kind == "event":
        unknown = sorted(set(trigger) - {"type", "event"})
        if unknown:
            return [RuleError(f"trigger.{unknown[0]}", ProblemCode.UNKNOWN_KEY, "An event trigger has type and event.")]
        if trigger.get("event") not in event_type_names():
            return [RuleError("trigger.event", ProblemCode.UNKNOWN_TRIGGER, "Unknown event type.")]
        return []
    if kind == "duration":
        unknown = sorted(set(trigger) - {"type", "status", "hours"})
        if unknown:
            return [RuleError(f"trigger.{unknown[0]}", ProblemCode.UNKNOWN_KEY,
                              "A duration trigger has type, status and hours.")]
        errors = []
        statuses = duration_statuses()
        if trigger.get("status") not in statuses:
            errors.append(RuleError("trigger.status", ProblemCode.INVALID_VALUE, f"One of: {', '.join(statuses)}."))
        hours = trigger.get("hours")
        if not isinstance(hours, int | float) or isinstance(hours, bool) or not 0 < hours <= MAX_HOURS:
            errors.append(RuleError("trigger.hours", ProblemCode.INVALID_VALUE,
                                    f"A number of hours above 0, at most {MAX_HOURS}."))
        return errors
    return [RuleError("trigger.type", ProblemCode.UNKNOWN_TRIGGER, "The trigger type is event or duration.")]


def _param_error(spec: ParamSpec, value: Any) -> str | None:
    if spec.type == "choices":
        if not isinstance(value, list) or not value or not all(v in spec.choices for v in value):
            return f"A non-empty list of: {', '.join(spec.choices)}."
        return None if len(set(value)) == len(value) else "Each value once."
    if not isinstance(value, str) or not value.strip():
        return "A non-empty string is expected."
    if len(value) > spec.max_length:
        return f"At most {spec.max_length} characters."
    return spec.check(value) if spec.check else None


def _action_errors(actions: Any) -> list[RuleError]:
    if not isinstance(actions, list):
        return [RuleError("actions", ProblemCode.INVALID, "A list of actions.")]
    if len(actions) > MAX_ACTIONS:
        return [RuleError("actions", ProblemCode.INVALID, f"At most {MAX_ACTIONS} actions.")]
    errors = []
    for index, action in enumerate(actions):
        path = f"actions.{index}"
        if not isinstance(action, dict):
            errors.append(RuleError(path, ProblemCode.INVALID, "An action is {type, params}."))
            continue
        unknown = sorted(set(action) - {"type", "params"})
        if unknown:
            errors.append(RuleError(f"{path}.{unknown[0]}", ProblemCode.UNKNOWN_KEY, "An action has type and params."))
            continue
        if action.get("type") not in ACTIONS:
            errors.append(RuleError(f"{path}.type", ProblemCode.UNKNOWN_ACTION,
                                    f"One of: {', '.join(ACTIONS.names())}."))
            continue
        spec = action_spec(action["type"])
        params = action.get("params", {})
        if not isinstance(params, dict):
            errors.append(RuleError(f"{path}.params", ProblemCode.INVALID, "Params are an object."))
            continue
        known = {p.name for p in spec.params}
        for name in sorted(set(params) - known):
            errors.append(RuleError(f"{path}.params.{name}", ProblemCode.UNKNOWN_KEY, "Unknown parameter."))
        for param in spec.params:
            if param.name not in params:
                if param.required:
                    errors.append(RuleError(f"{path}.params.{param.name}", ProblemCode.REQUIRED, "Required."))
                continue
            problem = _param_error(param, params[param.name])
            if problem:
                errors.append(RuleError(f"{path}.params.{param.name}", ProblemCode.INVALID_VALUE, problem))
    return errors


def validate_rule(*, trigger: Any, conditions: Any, actions: Any) -> list[RuleError]:
    """Every problem of a rule definition (empty: valid)."""
    return [*_trigger_errors(trigger), *validate_conditions(conditions, field_infos()), *_action_errors(actions)]


def catalog() -> dict:
    """Everything a UI builder needs, from the tables validation uses."""
    from ..events.types import event_type

    fields = []
    for name in field_infos():
        spec = field_spec(name)
        item = {"field": spec.name, "type": str(spec.type), "label": spec.label, "ops": list(OPS[spec.type])}
        if spec.choice_values():
            item["choices"] = list(spec.choice_values())
        fields.append(item)
    actions = []
    for spec in action_specs():
        params = []
        for param in spec.params:
            described = {"name": param.name, "type": param.type, "required": param.required}
            if param.choices:
                described["choices"] = list(param.choices)
            params.append(described)
        actions.append({"type": spec.type, "label": spec.label, "params": params})
    return {
        "triggers": [
            {"type": "event", "events": [{"event": name, "description": event_type(name).description}
                                         for name in event_type_names()]},
            {"type": "duration", "statuses": list(duration_statuses()), "max_hours": MAX_HOURS},
        ],
        "fields": fields,
        "actions": actions,
        "limits": {"max_depth": MAX_DEPTH, "max_leaves": MAX_LEAVES, "max_bytes": MAX_BYTES,
                   "max_actions": MAX_ACTIONS},
    }


__all__ = ["catalog", "json_size", "validate_rule"]
