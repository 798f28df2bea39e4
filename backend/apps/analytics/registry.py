"""The metric registry (decision 0105): every metric key of SPEC 10.3, what kind of figure it is
(how a range combines its days) and the set-based function that computes it for a set of days.

A *provider* computes several metrics at once for a list of days with a few grouped queries (never
one query per day) and returns `{(day, key, master_id or None): value}`; a metric with `samples`
(the medians) also gives its raw values, because the median of a range is the median of its raw
rows, never a median of daily medians. Providers live in `apps/analytics/metrics/<domain>.py`, so
the dependency runs one way: analytics reads the domains, no domain knows about analytics."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from apps.common.periods import DateRange


class Kind(StrEnum):
    COUNT = "count"        # a range sums its days
    MONEY = "money"        # a range sums its days; shown as a decimal string in CURRENCY
    MEDIAN = "median"      # a range takes the median of its raw rows
    DISTINCT = "distinct"  # a range counts the distinct masters of its days' per-master rows


Key = tuple[date, str, int | None]
Figures = dict[Key, Decimal]
Provider = Callable[[list[date], frozenset[str]], Figures]  # (days, the keys wanted)
# (day, master_id or None, minutes) for every raw row of the range
Samples = Callable[[DateRange], Iterable[tuple[date, int | None, float]]]


@dataclass(frozen=True)
class Metric:
    key: str
    kind: Kind
    description: str
    source: str  # where it comes from, for docs and the schema
    per_master: bool = False
    samples: Samples | None = None
    # the median of a range computed by the database (PostgreSQL's percentile_cont); returns
    # NotImplemented where it can't, and the median of `samples` is taken instead
    range_median: Callable[[DateRange], Decimal | None] | None = None


_metrics: dict[str, Metric] = {}
_providers: dict[str, tuple[Provider, tuple[str, ...]]] = {}


def register_metrics(owner: str, metrics: Iterable[Metric], provider: Provider) -> None:
    """Register `metrics` and the provider computing them (call from `AppConfig.ready()` or a
    module it imports). Registering the same owner again replaces it."""
    metrics = list(metrics)
    for metric in metrics:
        other = _metrics.get(metric.key)
        if other is not None and _owner_of(metric.key) != owner:
            raise ValueError(f"Metric {metric.key} is already registered by {_owner_of(metric.key)}.")
        if metric.kind == Kind.MEDIAN and metric.samples is None:
            raise ValueError(f"Median metric {metric.key} needs `samples`.")
        _metrics[metric.key] = metric
    _providers[owner] = (provider, tuple(m.key for m in metrics))


def _owner_of(key: str) -> str | None:
    return next((owner for owner, (_, keys) in _providers.items() if key in keys), None)


def metrics() -> list[Metric]:
    """Every registered metric, in registration order (the order of columns and cards)."""
    return list(_metrics.values())


def metric(key: str) -> Metric:
    return _metrics[key]


def metric_keys() -> list[str]:
    return list(_metrics)


def compute(days: Iterable[date], keys: Iterable[str] | None = None) -> Figures:
    """The metrics `keys` (default: all) for `days`, from the source tables; a provider is asked
    only for its own keys and skipped when none is wanted."""
    days = sorted(set(days))
    figures: Figures = {}
    if not days:
        return figures
    wanted = frozenset(keys) if keys is not None else frozenset(_metrics)
    for provider, owned in _providers.values():
        mine = wanted & set(owned)
        if mine:
            figures.update({k: v for k, v in provider(days, mine).items() if k[1] in mine})
    return figures


# Per-master columns other apps add to the masters table (`performance_level` from the scores app,
# once it is merged: it registers `register_master_column("performance_level", fn)` where
# `fn(master_ids, span) -> {master_id: value}`). Until then the column is present and null.
MasterColumn = Callable[[list[int], DateRange], dict[int, object]]
_master_columns: dict[str, MasterColumn | None] = {"performance_level": None}


def register_master_column(key: str, provider: MasterColumn) -> None:
    _master_columns[key] = provider


def master_columns() -> dict[str, MasterColumn | None]:
    return dict(_master_columns)
