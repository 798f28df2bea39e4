"""The suite's verdicts: a row meets or misses its target, an error is a miss, and the runner
exits non-zero when any row misses."""

import pytest

from bench.registry import Metric, Row, Side, Target
from bench.run import exit_code, run_rows

pytestmark = pytest.mark.django_db  # the runner counts each side's SQL queries


class FakeDatabases:
    def __init__(self):
        self.active = []

    def activate(self, name):
        self.active.append(name)


def _side(label, value, dataset="a"):
    return Side(label, dataset, lambda ctx: (lambda: value))


def _row(key, baseline, candidate, target, metric=Metric.VALUE, **extra):
    return Row(key=key, title=key, metric=metric, target=target, baseline=baseline, candidate=candidate, **extra)


def test_targets():
    assert Target(ratio_at_most=2).misses(10, 20, 2.0) == []
    assert Target(ratio_at_most=2).misses(10, 21, 2.1) == ["ratio 2.10 > 2"]
    assert Target(ratio_at_least=1.5).misses(10, 12, 1.2) == ["ratio 1.20 < 1.5"]
    assert Target(ratio_at_most=1, value_at_most=6).misses(7, 7, 1.0) == ["7 > 6"]
    assert Target(difference_at_most=1).misses(3, 4, 4 / 3) == []
    assert Target(difference_at_most=1).misses(3, 5, 5 / 3) == ["5 is 2 more than 3"]
    assert str(Target(ratio_at_most=1.3, value_at_most=6)) == "≤1.3x, ≤6"


def test_rows_meet_miss_and_error():
    def broken(ctx):
        raise AssertionError("no caller for /api/v1/x/")

    rows = [
        _row("t.met", _side("a", 10), _side("b", 12), Target(ratio_at_most=1.3)),
        _row("t.missed", _side("a", 10), _side("b", 14), Target(ratio_at_most=1.3)),
        _row("t.error", Side("-", "a", broken), _side("b", 1), Target(ratio_at_most=1)),
        _row("t.check", _side("a", 1), _side("b", 1), Target(ratio_at_most=1),
             check=lambda b, c: "the sides did different work"),
    ]
    results = {r["key"]: r for r in run_rows(rows, {"a": None}, FakeDatabases(), runs=3)}
    assert results["t.met"]["ok"] and results["t.met"]["ratio"] == 1.2
    assert results["t.missed"]["misses"] == ["ratio 1.40 > 1.3"] and not results["t.missed"]["ok"]
    assert not results["t.error"]["ok"] and "no caller for /api/v1/x/" in results["t.error"]["misses"][0]
    assert not results["t.check"]["ok"] and "different work" in results["t.check"]["misses"][0]
    assert exit_code(list(results.values())) == 1
    assert exit_code([results["t.met"]]) == 0


def test_timed_sides_interleave_on_their_datasets():
    """A, B, B, A, A, B...: each run switches to the side's data set before it is timed."""
    databases = FakeDatabases()
    calls = []

    def side(label, dataset):
        return Side(label, dataset, lambda ctx: (lambda: calls.append((label, databases.active[-1]))))

    row = _row("t.time", side("small", "s"), side("large", "l"), Target(ratio_at_most=100), metric=Metric.P50_MS)
    [result] = run_rows([row], {"s": None, "l": None}, databases, runs=4)
    assert result["ok"] and result["runs"] == 4
    assert calls[-8:] == [("small", "s"), ("large", "l"), ("large", "l"), ("small", "s"),
                          ("small", "s"), ("large", "l"), ("large", "l"), ("small", "s")]
    assert all(label == {"s": "small", "l": "large"}[dataset] for label, dataset in calls)


@pytest.mark.parametrize("baseline,candidate,ratio", [(0, 0, 1.0), (4, 2, 0.5)])
def test_ratio_edges(baseline, candidate, ratio):
    row = _row("t.edge", _side("a", baseline), _side("b", candidate), Target(ratio_at_most=1))
    [result] = run_rows([row], {"a": None}, FakeDatabases(), runs=1)
    assert result["ratio"] == ratio and result["ok"]
