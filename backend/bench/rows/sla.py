"""The SLA sweep (job `sla.sweep`, every minute). Its cost must follow the clocks that are due, not
the appointments there are: the sweep reads due clocks through the partial index `sla_running_due`.

- `sla.sweep-read-vs-count`: one pass's read of the due clocks (the sweep's batch of 1000, oldest
  due first) against a bare `count(*)` of every due clock over the same partial index, on the
  marketplace (1M appointments, one clock each, 1% past due).
- `sla.sweep-growth`: a whole sweep pass (breaching a batch of 200 due clocks, 25 at quick scale:
  one conditional UPDATE and one event per clock, rolled back after each run so every run does the
  same work) on the marketplace against a tenth of it with as many clocks due: 10x the
  appointments, the same time."""

from __future__ import annotations

from ..registry import Metric, Row, Side, Target, register


def _now():
    from django.utils import timezone

    return timezone.now()


def _count(ctx):
    from apps.appointments.models import SlaClock

    now = _now()
    return lambda: SlaClock.objects.filter(state="running", due_at__lte=now).count()


def _read(ctx):
    from apps.appointments.sla.sweep import due_clocks

    now = _now()
    return lambda: len(due_clocks(now))


# Clocks breached per measured pass (each is an UPDATE and an event; a full batch is 1000).
GROWTH_BATCH = {"full": 200}
GROWTH_BATCH_QUICK = 25


def _sweep(ctx):
    from django.db import transaction

    from apps.appointments.sla.sweep import sla_sweep

    now = _now()
    limit = GROWTH_BATCH.get(ctx.mode, GROWTH_BATCH_QUICK)

    def operation():
        with transaction.atomic():
            result = sla_sweep(now=now, limit=limit)
            transaction.set_rollback(True)  # the same clocks are due on the next run
        return result["breached"]

    return operation


def _same_due(baseline, candidate) -> str | None:
    if not baseline.result or baseline.result != candidate.result:
        return f"the sweeps breached {baseline.result} and {candidate.result} clocks: not the same work"
    return None


register(Row(
    key="sla.sweep-read-vs-count",
    title="SLA sweep: one pass's read of due clocks vs count(*) of them (partial index, 1M appointments, 1% due)",
    metric=Metric.P50_MS, target=Target(ratio_at_most=2),
    baseline=Side("count(*) due", "marketplace", _count),
    candidate=Side("sweep read", "marketplace", _read),
))
register(Row(
    key="sla.sweep-growth",
    title="SLA sweep pass (200 breached, rolled back): 10x the appointments, as many due",
    metric=Metric.P50_MS, target=Target(ratio_at_most=1.5),
    baseline=Side("1/10 appointments", "sla_tenth", _sweep),
    candidate=Side("marketplace", "marketplace", _sweep),
    check=_same_due, runs=5,
))
