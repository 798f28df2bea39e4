"""The suite's vocabulary: a Row compares two Sides by one Metric against a Target.

A row module (`bench/rows/<topic>.py`) registers rows; the runner (`bench/run.py`) seeds the
datasets they name, measures both sides of every row interleaved (A, B, A, B, ...: noise on a
busy machine hits both alike), prints the table and exits non-zero when a target is missed.

    from bench.registry import Metric, Row, Side, Target, register
    from bench.sides import api_get

    register(Row(
        key="chat.depth", title="chat: page at depth 100k vs the first page",
        metric=Metric.P50_MS, target=Target(ratio_at_most=1.3),
        baseline=api_get("first page", "marketplace", who="admin", path=...),
        candidate=api_get("page at depth 100k", "marketplace", who="admin", path=...),
    ))

A Side is (label, dataset, prepare): `prepare(ctx)` runs with the side's dataset active and
returns the operation to measure, a zero-argument callable. The metric decides what is measured:
wall time (p50 / p95 over interleaved runs), SQL queries, peak Python memory, or, for
`Metric.VALUE`, whatever number the operation itself returns (a row that measures its own way).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Metric(StrEnum):
    P50_MS = "p50 ms"
    P95_MS = "p95 ms"
    QUERIES = "queries"
    PEAK_KB = "peak KB"
    VALUE = "value"  # the operation returns the number


@dataclass(frozen=True)
class Target:
    """What the ratio candidate / baseline must satisfy (and optionally the candidate's own value).
    A row misses when any bound given is crossed."""

    ratio_at_most: float | None = None
    ratio_at_least: float | None = None
    value_at_most: float | None = None  # the candidate's value, e.g. at most 6 queries
    difference_at_most: float | None = None  # candidate - baseline, e.g. at most 1 query more

    def misses(self, baseline: float, candidate: float, ratio: float) -> list[str]:
        misses = []
        if self.ratio_at_most is not None and ratio > self.ratio_at_most + 1e-9:
            misses.append(f"ratio {ratio:.2f} > {self.ratio_at_most:g}")
        if self.ratio_at_least is not None and ratio < self.ratio_at_least - 1e-9:
            misses.append(f"ratio {ratio:.2f} < {self.ratio_at_least:g}")
        if self.value_at_most is not None and candidate > self.value_at_most + 1e-9:
            misses.append(f"{candidate:g} > {self.value_at_most:g}")
        if self.difference_at_most is not None and candidate - baseline > self.difference_at_most + 1e-9:
            misses.append(f"{candidate:g} is {candidate - baseline:g} more than {baseline:g}")
        return misses

    def __str__(self) -> str:
        parts = []
        if self.ratio_at_most is not None:
            parts.append(f"≤{self.ratio_at_most:g}x")
        if self.ratio_at_least is not None:
            parts.append(f"≥{self.ratio_at_least:g}x")
        if self.value_at_most is not None:
            parts.append(f"≤{self.value_at_most:g}")
        if self.difference_at_most is not None:
            parts.append(f"+≤{self.difference_at_most:g}")
        return ", ".join(parts) or "-"


Operation = Callable[[], Any]


@dataclass(frozen=True)
class Side:
    label: str
    dataset: str
    prepare: Callable[[Any], Operation]  # (ctx) -> operation; runs with `dataset` active


@dataclass(frozen=True)
class Row:
    key: str  # unique, dotted: "<topic>.<what>"
    title: str
    metric: Metric
    target: Target
    baseline: Side
    candidate: Side
    runs: int | None = None  # timed runs per side (default: the runner's, by mode)
    check: Callable[[Any, Any], str | None] | None = field(default=None, compare=False)
    # check(baseline result, candidate result) -> an error when the two sides don't do the same work
    # (e.g. the floor must answer the same rows as the API); run once before measuring.

    @property
    def topic(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def datasets(self) -> set[str]:
        return {self.baseline.dataset, self.candidate.dataset}


_rows: dict[str, Row] = {}
_families: list[Callable[[], Iterable[Row]]] = []


def register(row: Row) -> Row:
    if row.key in _rows:
        raise ValueError(f"two benchmark rows named {row.key!r}")
    _rows[row.key] = row
    return row


def family(build: Callable[[], Iterable[Row]]) -> Callable[[], Iterable[Row]]:
    """Decorator: `build()` yields rows when the suite starts (after Django is set up), for rows
    found at run time, e.g. one per list endpoint of the OpenAPI schema."""
    _families.append(build)
    return build


def all_rows() -> list[Row]:
    for build in _families:
        for row in build():
            register(row)
    _families.clear()
    return list(_rows.values())
