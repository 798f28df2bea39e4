"""The condition grammar of rules: validation with JSON paths, and a compiler into plain Python
closures (no `eval`, no `exec`, no regular expressions from users).

A condition is `{"all": [...]}`, `{"any": [...]}`, `{"not": {...}}` or a leaf
`{"field": "appointment.price", "op": "gte", "value": 10000}`. Each field has a type from the
catalog (registry.py) and each type has its own operators (OPS). `compile_conditions()` turns a
valid tree into one callable `(facts, trace) -> bool`; `facts[field]` reads a value (a mapping
that loads what it lacks: registry.Facts), `facts.now` is the evaluation time, and `trace`, when a
list, receives one entry per evaluated leaf."""

import json
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

MAX_DEPTH = 10
MAX_LEAVES = 100
MAX_BYTES = 16 * 1024
MAX_LIST_VALUES = 100
MAX_STRING = 500


class FieldType(StrEnum):
    NUMBER = "number"
    STRING = "string"
    ENUM = "enum"
    BOOLEAN = "boolean"
    DATETIME = "datetime"
    LIST = "list"


class ValueKind(StrEnum):
    """What an operator's `value` must be."""

    NONE = "none"          # no value (is_true, is_empty, ...)
    SCALAR = "scalar"      # one value of the field's type
    PAIR = "pair"          # [low, high] of the field's type
    MANY = "many"          # a list of values of the field's type
    HOURS = "hours"        # a non-negative number of hours
    ITEM = "item"          # one string element (list contains)


T = FieldType
OPS: dict[FieldType, dict[str, ValueKind]] = {
    T.NUMBER: {"eq": ValueKind.SCALAR, "ne": ValueKind.SCALAR, "gt": ValueKind.SCALAR, "gte": ValueKind.SCALAR,
               "lt": ValueKind.SCALAR, "lte": ValueKind.SCALAR, "between": ValueKind.PAIR, "in": ValueKind.MANY,
               "not_in": ValueKind.MANY},
    T.STRING: {"eq": ValueKind.SCALAR, "ne": ValueKind.SCALAR, "contains": ValueKind.SCALAR,
               "starts_with": ValueKind.SCALAR, "in": ValueKind.MANY, "not_in": ValueKind.MANY,
               "is_empty": ValueKind.NONE, "is_set": ValueKind.NONE},
    T.ENUM: {"eq": ValueKind.SCALAR, "ne": ValueKind.SCALAR, "in": ValueKind.MANY, "not_in": ValueKind.MANY},
    T.BOOLEAN: {"is_true": ValueKind.NONE, "is_false": ValueKind.NONE},
    T.DATETIME: {"older_than_hours": ValueKind.HOURS, "within_hours": ValueKind.HOURS},
    T.LIST: {"contains": ValueKind.ITEM, "not_contains": ValueKind.ITEM, "is_empty": ValueKind.NONE},
}


class ProblemCode(StrEnum):
    """The `code` of one validation error (the path says where)."""

    INVALID = "invalid"              # not the right JSON shape
    REQUIRED = "required"
    UNKNOWN_KEY = "unknown_key"
    UNKNOWN_FIELD = "unknown_field"
    UNKNOWN_OP = "unknown_op"
    INVALID_VALUE = "invalid_value"
    UNKNOWN_TRIGGER = "unknown_trigger"
    UNKNOWN_ACTION = "unknown_action"
    TOO_DEEP = "too_deep"
    TOO_MANY_LEAVES = "too_many_leaves"
    TOO_LARGE = "too_large"
    EMPTY_GROUP = "empty_group"


@dataclass(frozen=True)
class FieldInfo:
    """What the grammar needs of a catalog field."""

    name: str
    type: FieldType
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleError:
    path: str
    code: str
    detail: str

    def as_dict(self) -> dict:
        return {"path": self.path, "code": str(self.code), "detail": self.detail}


def _join(path: str, key: Any) -> str:
    return f"{path}.{key}" if path else str(key)


def json_size(data: Any) -> int:
    return len(json.dumps(data, separators=(",", ":"), ensure_ascii=False, default=str).encode())


# --- validation ---------------------------------------------------------------------------------

def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool) and value == value \
        and value not in (float("inf"), float("-inf"))


def _check_scalar(info: FieldInfo, value: Any) -> str | None:
    """Why `value` can't be compared with field `info`, or None."""
    if info.type == T.NUMBER:
        return None if _is_number(value) else "A number is expected."
    if info.type == T.STRING:
        if not isinstance(value, str):
            return "A string is expected."
        return None if len(value) <= MAX_STRING else f"At most {MAX_STRING} characters."
    if info.type == T.ENUM:
        if not isinstance(value, str):
            return "A string is expected."
        if info.choices and value not in info.choices:
            return f"One of: {', '.join(info.choices)}."
        return None
    return "This field takes no value."


def _check_value(info: FieldInfo, kind: ValueKind, value: Any, present: bool) -> str | None:
    if kind == ValueKind.NONE:
        return None if not present or value is None else "This operator takes no value."
    if not present:
        return "A value is required."
    if kind == ValueKind.SCALAR:
        return _check_scalar(info, value)
    if kind == ValueKind.PAIR:
        if not isinstance(value, list) or len(value) != 2:
            return "A list of two values [low, high] is expected."
        problem = _check_scalar(info, value[0]) or _check_scalar(info, value[1])
        if problem:
            return problem
        return None if value[0] <= value[1] else "The low bound is above the high bound."
    if kind == ValueKind.MANY:
        if not isinstance(value, list) or not value:
            return "A non-empty list is expected."
        if len(value) > MAX_LIST_VALUES:
            return f"At most {MAX_LIST_VALUES} values."
        for item in value:
            problem = _check_scalar(info, item)
            if problem:
                return problem
        return None
    if kind == ValueKind.HOURS:
        if not _is_number(value) or value < 0:
            return "A non-negative number of hours is expected."
        return None if value <= 24 * 3650 else "At most ten years."
    if kind == ValueKind.ITEM:
        if not isinstance(value, str) or not value:
            return "A non-empty string is expected."
        return None if len(value) <= MAX_STRING else f"At most {MAX_STRING} characters."
    return "Unsupported."  # pragma: no cover


class _Validator:
    def __init__(self, fields: Mapping[str, FieldInfo]) -> None:
        self.fields = fields
        self.errors: list[RuleError] = []
        self.leaves = 0
        self.too_deep = False

    def error(self, path: str, code: ProblemCode, detail: str) -> None:
        self.errors.append(RuleError(path, code, detail))

    def node(self, node: Any, path: str, depth: int) -> None:
        if depth > MAX_DEPTH:
            if not self.too_deep:
                self.error(path, ProblemCode.TOO_DEEP, f"Conditions nest at most {MAX_DEPTH} levels deep.")
            self.too_deep = True
            return
        if not isinstance(node, dict):
            self.error(path, ProblemCode.INVALID, "A condition is an object: all, any, not or a leaf.")
            return
        groups = [key for key in ("all", "any", "not") if key in node]
        if groups:
            if len(node) != 1:
                extra = sorted(set(node) - {groups[0]})
                self.error(path, ProblemCode.UNKNOWN_KEY, f"A group has one key; unexpected: {', '.join(extra)}.")
                return
            key = groups[0]
            child = node[key]
            if key == "not":
                self.node(child, _join(path, "not"), depth + 1)
                return
            if not isinstance(child, list):
                self.error(_join(path, key), ProblemCode.INVALID, f"'{key}' holds a list of conditions.")
                return
            if not child and key == "any":  # an empty `all` always holds (a rule with no conditions)
                self.error(_join(path, key), ProblemCode.EMPTY_GROUP, "'any' needs at least one condition.")
                return
            for index, item in enumerate(child):
                self.node(item, _join(_join(path, key), index), depth + 1)
            return
        self.leaf(node, path)

    def leaf(self, node: dict, path: str) -> None:
        self.leaves += 1
        unknown = sorted(set(node) - {"field", "op", "value"})
        if unknown:
            self.error(_join(path, unknown[0]), ProblemCode.UNKNOWN_KEY,
                       "A leaf has the keys field, op and value (or a group: all, any, not).")
            return
        name = node.get("field")
        if not isinstance(name, str) or not name:
            self.error(_join(path, "field"), ProblemCode.REQUIRED, "A field name is required.")
            return
        info = self.fields.get(name)
        if info is None:
            self.error(_join(path, "field"), ProblemCode.UNKNOWN_FIELD, f"Unknown field: {name[:100]}.")
            return
        op = node.get("op")
        ops = OPS[info.type]
        if op not in ops:
            self.error(_join(path, "op"), ProblemCode.UNKNOWN_OP,
                       f"A {info.type} field takes one of: {', '.join(ops)}.")
            return
        problem = _check_value(info, ops[op], node.get("value"), "value" in node)
        if problem:
            self.error(_join(path, "value"), ProblemCode.INVALID_VALUE, problem)


def validate_conditions(conditions: Any, fields: Mapping[str, FieldInfo], *, path: str = "conditions"
                        ) -> list[RuleError]:
    """Every problem of a condition tree, each with its JSON path (empty: valid)."""
    if json_size(conditions) > MAX_BYTES:
        return [RuleError(path, ProblemCode.TOO_LARGE, f"Conditions take at most {MAX_BYTES} bytes of JSON.")]
    validator = _Validator(fields)
    validator.node(conditions, path, 1)
    if validator.leaves > MAX_LEAVES:
        validator.errors.insert(0, RuleError(path, ProblemCode.TOO_MANY_LEAVES,
                                             f"At most {MAX_LEAVES} conditions (leaves)."))
    return validator.errors


# --- compilation --------------------------------------------------------------------------------

Facts = Any  # a mapping field -> value with a `now` attribute
Trace = list | None
Predicate = Callable[[Facts, Trace], bool]


def _num(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except Exception:
        return None


# Compared as they are (exactly, with a Decimal target); a float goes through its decimal text so
# that 0.1 equals 0.1.
_NUMERIC = frozenset({int, Decimal})
_COMPARE = {"eq": operator.eq, "gt": operator.gt, "gte": operator.ge, "lt": operator.lt, "lte": operator.le}


def _str(value: Any) -> str:
    return "" if value is None else str(value)


def _test(info: FieldInfo, op: str, expected: Any) -> Callable[..., bool]:
    """The comparison of one leaf, built once: `(actual) -> bool`, or `(actual, now) -> bool` for
    a datetime. A missing value (None) never satisfies a comparison (except ne / not_in /
    is_empty / is_false / not_contains)."""
    kind = info.type
    if kind == T.NUMBER:
        if op in ("in", "not_in"):
            wanted = frozenset(_num(v) for v in expected)
            if op == "in":
                return lambda a: _num(a) in wanted
            return lambda a: _num(a) not in wanted
        if op == "between":
            low, high = _num(expected[0]), _num(expected[1])

            def between(a):
                if a.__class__ not in _NUMERIC:
                    a = _num(a)
                    if a is None:
                        return False
                return low <= a <= high
            return between
        target = _num(expected)
        if op == "ne":
            return lambda a: _num(a) != target
        compare = _COMPARE[op]

        def number(a):
            if a.__class__ not in _NUMERIC:
                a = _num(a)
                if a is None:
                    return False
            return compare(a, target)
        return number
    if kind in (T.STRING, T.ENUM):
        if op == "eq":
            return lambda a: a == expected if a.__class__ is str else a is not None and _str(a) == expected
        if op == "ne":
            return lambda a: a is None or _str(a) != expected
        if op in ("in", "not_in"):
            wanted = frozenset(expected)
            if op == "in":
                return lambda a: a in wanted if a.__class__ is str else a is not None and _str(a) in wanted
            return lambda a: a is None or _str(a) not in wanted
        if op == "contains":
            needle = expected.casefold()
            return lambda a: needle in (a if a.__class__ is str else _str(a)).casefold()
        if op == "starts_with":
            prefix = expected.casefold()
            return lambda a: _str(a).casefold().startswith(prefix)
        if op == "is_empty":
            return lambda a: not _str(a).strip()
        if op == "is_set":
            return lambda a: bool(_str(a).strip())
    if kind == T.BOOLEAN:
        if op == "is_true":
            return lambda a: a is True
        return lambda a: not a
    if kind == T.DATETIME:
        span = timedelta(hours=float(expected))
        if op == "older_than_hours":
            return lambda a, now: isinstance(a, datetime) and now - a >= span
        return lambda a, now: isinstance(a, datetime) and timedelta(0) <= now - a <= span
    if kind == T.LIST:
        if op == "is_empty":
            return lambda a: not a
        item = expected.casefold()

        def contains(a):
            return any(_str(x).casefold() == item for x in (a or ()))
        if op == "contains":
            return contains
        return lambda a: not contains(a)
    raise ValueError(f"No operator {op} for {kind}")  # validation makes this unreachable


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    return value


def _steps(children: list[Predicate]) -> tuple:
    """A group's children for the untraced fast path: a plain leaf as (field, test) read inline
    (one call less per leaf), anything else as (None, predicate)."""
    return tuple((getattr(c, "field", None), getattr(c, "test", None) or c) for c in children)


def _compile(node: dict, path: str, fields: Mapping[str, FieldInfo]) -> Predicate:
    if "all" in node:
        children = [_compile(c, _join(_join(path, "all"), i), fields) for i, c in enumerate(node["all"])]
        steps = _steps(children)

        def all_of(facts, trace):
            if trace is None:
                for name, test in steps:  # noqa: SIM110 (a loop beats a generator here)
                    if not (test(facts[name]) if name is not None else test(facts, None)):
                        return False
                return True
            for child in children:  # noqa: SIM110 (a loop beats a generator here)
                if not child(facts, trace):
                    return False
            return True
        return all_of
    if "any" in node:
        children = [_compile(c, _join(_join(path, "any"), i), fields) for i, c in enumerate(node["any"])]
        steps = _steps(children)

        def any_of(facts, trace):
            if trace is None:
                for name, test in steps:  # noqa: SIM110
                    if test(facts[name]) if name is not None else test(facts, None):
                        return True
                return False
            for child in children:  # noqa: SIM110 (a loop beats a generator here)
                if child(facts, trace):
                    return True
            return False
        return any_of
    if "not" in node:
        child = _compile(node["not"], _join(path, "not"), fields)
        return lambda facts, trace: not child(facts, trace)
    info = fields[node["field"]]
    name, op, expected = info.name, node["op"], node.get("value")
    test = _test(info, op, expected)

    def record(trace, actual, result):
        trace.append({"path": path, "field": name, "op": op, "expected": expected,
                      "actual": _jsonable(actual), "result": result})

    if info.type == T.DATETIME:
        def dated_leaf(facts, trace):
            actual = facts[name]
            result = test(actual, facts.now)
            if trace is not None:
                record(trace, actual, result)
            return result
        return dated_leaf

    def leaf(facts, trace):
        actual = facts[name]
        result = test(actual)
        if trace is not None:
            record(trace, actual, result)
        return result
    leaf.field, leaf.test = name, test  # what a group's fast path reads (_steps)
    return leaf


def compile_conditions(conditions: dict, fields: Mapping[str, FieldInfo], *, path: str = "conditions"
                       ) -> Predicate:
    """One callable for a tree `validate_conditions` accepted (anything else raises ValueError).
    Groups short-circuit, so a trace lists the leaves that were actually evaluated."""
    errors = validate_conditions(conditions, fields, path=path)
    if errors:
        raise ValueError(f"Invalid conditions: {errors[0].path}: {errors[0].detail}")
    return _compile(conditions, path, fields)


def fields_used(conditions: Any) -> set[str]:
    """The field names a (valid) tree reads."""
    if not isinstance(conditions, dict):
        return set()
    if "field" in conditions:
        return {conditions["field"]}
    used: set[str] = set()
    for key in ("all", "any"):
        for child in conditions.get(key, ()) or ():
            used |= fields_used(child)
    if "not" in conditions:
        used |= fields_used(conditions["not"])
    return used
