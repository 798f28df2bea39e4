"""The condition grammar on its own: every operator of every type, validation paths, limits, and
the trace (no database)."""

from datetime import UTC, datetime, timedelta

import pytest

from apps.platform.rules.grammar import (
    MAX_BYTES,
    MAX_DEPTH,
    MAX_LEAVES,
    OPS,
    FieldInfo,
    FieldType,
    compile_conditions,
    validate_conditions,
)

T = FieldType
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
FIELDS = {f.name: f for f in (
    FieldInfo("n", T.NUMBER), FieldInfo("s", T.STRING), FieldInfo("e", T.ENUM, ("new", "paid")),
    FieldInfo("b", T.BOOLEAN), FieldInfo("d", T.DATETIME), FieldInfo("l", T.LIST),
)}


class Facts(dict):
    """Like registry.Facts: a mapping that notes what it had to read."""

    now = NOW

    def __init__(self, **values) -> None:
        super().__init__()
        self.values = values
        self.reads: list[str] = []

    def __missing__(self, name):
        self.reads.append(name)
        return self.values.get(name)


def holds(leaf: dict, **values) -> bool:
    return compile_conditions(leaf, FIELDS)(Facts(**values), None)


CASES = [
    # number
    ({"field": "n", "op": "eq", "value": 5}, {"n": 5}, True), ({"field": "n", "op": "eq", "value": 5}, {"n": 6}, False),
    ({"field": "n", "op": "ne", "value": 5}, {"n": 6}, True), ({"field": "n", "op": "ne", "value": 5}, {"n": 5}, False),
    ({"field": "n", "op": "gt", "value": 5}, {"n": 6}, True), ({"field": "n", "op": "gt", "value": 5}, {"n": 5}, False),
    ({"field": "n", "op": "gte", "value": 5}, {"n": 5}, True), ({"field": "n", "op": "gte", "value": 5}, {"n": 4}, False),
    ({"field": "n", "op": "lt", "value": 5}, {"n": 4}, True), ({"field": "n", "op": "lt", "value": 5}, {"n": 5}, False),
    ({"field": "n", "op": "lte", "value": 5}, {"n": 5}, True), ({"field": "n", "op": "lte", "value": 5}, {"n": 6}, False),
    ({"field": "n", "op": "between", "value": [1, 3]}, {"n": 3}, True),
    ({"field": "n", "op": "between", "value": [1, 3]}, {"n": 3.5}, False),
    ({"field": "n", "op": "in", "value": [1, 2]}, {"n": 2}, True), ({"field": "n", "op": "in", "value": [1, 2]}, {"n": 3}, False),
    ({"field": "n", "op": "not_in", "value": [1, 2]}, {"n": 3}, True),
    ({"field": "n", "op": "not_in", "value": [1, 2]}, {"n": 1}, False),
    ({"field": "n", "op": "gte", "value": 10000}, {"n": None}, False),  # a missing price is not >= anything
    # string (contains / starts_with ignore case)
    ({"field": "s", "op": "eq", "value": "Hi"}, {"s": "Hi"}, True), ({"field": "s", "op": "eq", "value": "Hi"}, {"s": "hi"}, False),
    ({"field": "s", "op": "ne", "value": "Hi"}, {"s": "x"}, True), ({"field": "s", "op": "ne", "value": "Hi"}, {"s": "Hi"}, False),
    ({"field": "s", "op": "contains", "value": "RUDE"}, {"s": "so rude!"}, True),
    ({"field": "s", "op": "contains", "value": "rude"}, {"s": "nice"}, False),
    ({"field": "s", "op": "starts_with", "value": "ur"}, {"s": "Urgent fix"}, True),
    ({"field": "s", "op": "starts_with", "value": "ur"}, {"s": "not urgent"}, False),
    ({"field": "s", "op": "in", "value": ["a", "b"]}, {"s": "a"}, True), ({"field": "s", "op": "in", "value": ["a"]}, {"s": "c"}, False),
    ({"field": "s", "op": "not_in", "value": ["a"]}, {"s": "c"}, True), ({"field": "s", "op": "not_in", "value": ["a"]}, {"s": "a"}, False),
    ({"field": "s", "op": "is_empty"}, {"s": "  "}, True), ({"field": "s", "op": "is_empty"}, {"s": "x"}, False),
    ({"field": "s", "op": "is_set"}, {"s": "x"}, True), ({"field": "s", "op": "is_set"}, {"s": None}, False),
    # enum
    ({"field": "e", "op": "eq", "value": "new"}, {"e": "new"}, True), ({"field": "e", "op": "eq", "value": "new"}, {"e": "paid"}, False),
    ({"field": "e", "op": "ne", "value": "new"}, {"e": "paid"}, True), ({"field": "e", "op": "ne", "value": "new"}, {"e": "new"}, False),
    ({"field": "e", "op": "in", "value": ["new"]}, {"e": "new"}, True), ({"field": "e", "op": "in", "value": ["new"]}, {"e": "paid"}, False),
    ({"field": "e", "op": "not_in", "value": ["new"]}, {"e": "paid"}, True),
    ({"field": "e", "op": "not_in", "value": ["new"]}, {"e": "new"}, False),
    # boolean
    ({"field": "b", "op": "is_true"}, {"b": True}, True), ({"field": "b", "op": "is_true"}, {"b": False}, False),
    ({"field": "b", "op": "is_false"}, {"b": False}, True), ({"field": "b", "op": "is_false"}, {"b": True}, False),
    # datetime
    ({"field": "d", "op": "older_than_hours", "value": 24}, {"d": NOW - timedelta(hours=25)}, True),
    ({"field": "d", "op": "older_than_hours", "value": 24}, {"d": NOW - timedelta(hours=23)}, False),
    ({"field": "d", "op": "within_hours", "value": 24}, {"d": NOW - timedelta(hours=23)}, True),
    ({"field": "d", "op": "within_hours", "value": 24}, {"d": NOW - timedelta(hours=25)}, False),
    ({"field": "d", "op": "within_hours", "value": 24}, {"d": None}, False),
    # list
    ({"field": "l", "op": "contains", "value": "vip"}, {"l": ["VIP", "x"]}, True),
    ({"field": "l", "op": "contains", "value": "vip"}, {"l": ["x"]}, False),
    ({"field": "l", "op": "not_contains", "value": "vip"}, {"l": []}, True),
    ({"field": "l", "op": "not_contains", "value": "vip"}, {"l": ["vip"]}, False),
    ({"field": "l", "op": "is_empty"}, {"l": []}, True), ({"field": "l", "op": "is_empty"}, {"l": ["a"]}, False),
]


@pytest.mark.parametrize(("leaf", "values", "expected"), CASES, ids=lambda c: str(c)[:40])
def test_each_operator_per_type(leaf, values, expected):
    assert validate_conditions(leaf, FIELDS) == []
    assert holds(leaf, **values) is expected


def test_the_cases_cover_every_operator_of_every_type():
    covered = {(FIELDS[leaf["field"]].type, leaf["op"]) for leaf, _values, _expected in CASES}
    assert covered == {(t, op) for t, ops in OPS.items() for op in ops}


def test_groups_combine_and_short_circuit():
    tree = {"all": [{"field": "n", "op": "gt", "value": 1}, {"any": [
        {"field": "b", "op": "is_true"}, {"not": {"field": "s", "op": "eq", "value": "x"}}]}]}
    predicate = compile_conditions(tree, FIELDS)
    assert predicate(Facts(n=2, b=False, s="y"), None) is True
    assert predicate(Facts(n=2, b=False, s="x"), None) is False
    facts = Facts(n=0, b=True, s="y")
    assert predicate(facts, None) is False
    assert facts.reads == ["n"]  # the rest was never read


def test_an_empty_all_always_holds_but_an_empty_any_is_refused():
    assert holds({"all": []}) is True
    assert [e.code for e in validate_conditions({"any": []}, FIELDS)] == ["empty_group"]


def test_trace_lists_every_evaluated_leaf_with_its_path():
    tree = {"all": [{"field": "n", "op": "gte", "value": 10}, {"not": {"field": "l", "op": "contains", "value": "a"}}]}
    trace: list = []
    assert compile_conditions(tree, FIELDS)(Facts(n=12, l=["b"]), trace) is True
    assert trace == [
        {"path": "conditions.all.0", "field": "n", "op": "gte", "expected": 10, "actual": 12, "result": True},
        {"path": "conditions.all.1.not", "field": "l", "op": "contains", "expected": "a", "actual": ["b"],
         "result": False},
    ]


@pytest.mark.parametrize(("tree", "path", "code"), [
    ({"all": [{"field": "n", "op": "gt", "value": 1}, {"field": "n", "op": "contains", "value": 1}]},
     "conditions.all.1.op", "unknown_op"),
    ({"any": [{"field": "nope", "op": "eq", "value": 1}]}, "conditions.any.0.field", "unknown_field"),
    ({"not": {"field": "n", "op": "gt", "value": "ten"}}, "conditions.not.value", "invalid_value"),
    ({"field": "n", "op": "between", "value": [3, 1]}, "conditions.value", "invalid_value"),
    ({"field": "e", "op": "eq", "value": "gone"}, "conditions.value", "invalid_value"),
    ({"field": "b", "op": "is_true", "value": 1}, "conditions.value", "invalid_value"),
    ({"field": "d", "op": "within_hours", "value": -1}, "conditions.value", "invalid_value"),
    ({"field": "n", "op": "gt"}, "conditions.value", "invalid_value"),
    ({"field": "n", "op": "gt", "value": True}, "conditions.value", "invalid_value"),
    ({"field": "n", "op": "in", "value": []}, "conditions.value", "invalid_value"),
    ({"all": {"field": "n"}}, "conditions.all", "invalid"),
    ({"all": [], "any": []}, "conditions", "unknown_key"),
    ({"field": "n", "op": "gt", "value": 1, "code": "x"}, "conditions.code", "unknown_key"),
    ({"op": "gt", "value": 1}, "conditions.field", "required"),
    ([1], "conditions", "invalid"),
])
def test_validation_errors_carry_the_path(tree, path, code):
    errors = [e.as_dict() for e in validate_conditions(tree, FIELDS)]
    assert errors and errors[0]["path"] == path and errors[0]["code"] == code, errors
    with pytest.raises(ValueError):
        compile_conditions(tree, FIELDS)


def _nested(depth: int) -> dict:
    node: dict = {"field": "b", "op": "is_true"}
    for _ in range(depth - 1):
        node = {"not": node}
    return node


def test_depth_limit():
    assert validate_conditions(_nested(MAX_DEPTH), FIELDS) == []
    errors = validate_conditions(_nested(MAX_DEPTH + 1), FIELDS)
    assert [e.code for e in errors] == ["too_deep"]


def test_leaf_limit():
    leaf = {"field": "b", "op": "is_true"}
    assert validate_conditions({"all": [leaf] * MAX_LEAVES}, FIELDS) == []
    assert [e.code for e in validate_conditions({"all": [leaf] * (MAX_LEAVES + 1)}, FIELDS)] == ["too_many_leaves"]


def test_size_limit():
    big = {"all": [{"field": "s", "op": "in", "value": ["x" * 400] * 50}]}
    assert [e.code for e in validate_conditions(big, FIELDS)] == ["too_large"]
    assert len(str(big)) > MAX_BYTES


def test_no_user_text_is_ever_executed_or_used_as_a_pattern():
    # "contains" is a plain substring test: pattern characters match only themselves.
    assert holds({"field": "s", "op": "contains", "value": ".*"}, s="anything") is False
    assert holds({"field": "s", "op": "contains", "value": ".*"}, s="a.*b") is True
    assert holds({"field": "s", "op": "eq", "value": "__import__('os')"}, s="x") is False
