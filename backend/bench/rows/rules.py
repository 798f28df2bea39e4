"""The rule engine: evaluating a compiled 5-leaf rule against the same rule in JsonLogic
(`panzi-json-logic`, the usual Python port, bench only), and a status transition with 100
enabled rules on its event against the same transition with none (rules run in the job worker
after commit: the request must not pay for them)."""

from __future__ import annotations

import gc
from datetime import UTC, datetime
from decimal import Decimal

from ..datasets import Facts, dataset
from ..registry import Metric, Row, Side, Target, register
from ..sides import Context, SideError

# Each timed run is one batch of BATCH evaluations per side, the two sides back to back (the
# runner alternates who goes first and takes the median of the pairs' ratios): a burst of load on
# the machine then slows one pair, not one side's whole measurement. A batch is ~10 ms (engine) and
# ~100 ms (json-logic): long enough to ride out a wake-up.
BATCH = 10000
PAIRS = 21
TRANSITIONS = 400  # appointments ready to be priced, per data set (warm-up + runs, both modes)
RULES = 100

CONDITIONS = {"all": [
    {"field": "appointment.price", "op": "gte", "value": 10000},
    {"field": "appointment.status", "op": "in", "value": ["AWAITING_PAYMENT", "PAYMENT_PROOF_UPLOADED"]},
    {"field": "client.completed_count", "op": "eq", "value": 0},
    {"field": "appointment.title", "op": "contains", "value": "sofa"},
    {"field": "appointment.has_proof", "op": "is_true"},
]}
JSON_LOGIC = {"and": [
    {">=": [{"var": "price"}, 10000]},
    {"in": [{"var": "status"}, ["AWAITING_PAYMENT", "PAYMENT_PROOF_UPLOADED"]]},
    {"==": [{"var": "completed"}, 0]},
    {"in": ["sofa", {"var": "title"}]},
    {"==": [{"var": "has_proof"}, True]},
]}
VALUES = {"appointment.price": Decimal("12000.00"), "appointment.status": "PAYMENT_PROOF_UPLOADED",
          "client.completed_count": 0, "appointment.title": "Deliver a sofa", "appointment.has_proof": True}
DATA = {"price": 12000.0, "status": "PAYMENT_PROOF_UPLOADED", "completed": 0, "title": "Deliver a sofa",
        "has_proof": True}


class _Facts(dict):
    """The values as the engine holds them once loaded (registry.Facts is a dict)."""

    now = datetime(2026, 1, 1, tzinfo=UTC)


def _batch(evaluate):
    """One batch of BATCH evaluations; fails if one did not match. The garbage collector is off
    while it runs (as `timeit` does): a collection of the heap the earlier rows left behind would
    otherwise land inside a batch and be timed as the evaluation's."""
    def run():
        enabled = gc.isenabled()
        gc.disable()
        try:
            matched = 0
            for _ in range(BATCH):
                matched += bool(evaluate())
        finally:
            if enabled:
                gc.enable()
        if matched != BATCH:
            raise SideError(f"{BATCH - matched} of {BATCH} evaluations did not match")
        return matched
    return run


def _json_logic(ctx: Context):
    from json_logic import jsonLogic

    gc.collect()
    return _batch(lambda: jsonLogic(JSON_LOGIC, DATA))


def _engine(ctx: Context):
    from apps.platform.rules.grammar import compile_conditions
    from apps.platform.rules.registry import field_infos

    predicate = compile_conditions(CONDITIONS, field_infos())
    facts = _Facts(VALUES)
    return _batch(lambda: predicate(facts, None))


# --- a transition with and without 100 rules ----------------------------------------------------

def _build(rules: int) -> Facts:
    from apps.accounts.models import MasterProfile, User
    from apps.appointments.models import Appointment, AppointmentStatus
    from apps.platform.actors import system_actor
    from apps.platform.rules.services import rule_create

    master = User.objects.create_user(username="bench_rules_master", password="x", role="master")
    MasterProfile.objects.update_or_create(user=master, defaults={"status": MasterProfile.Status.ACTIVE})
    client = User.objects.create_user(username="bench_rules_client", password="x", role="client")
    now = datetime.now(UTC)
    Appointment.objects.bulk_create([
        Appointment(client=client, master=master, status=AppointmentStatus.IN_REVIEW, title=f"Sofa {i}",
                    taken_at=now) for i in range(TRANSITIONS)])
    actor = system_actor("bench")
    for i in range(rules):
        rule_create(actor=actor, data={
            "name": f"bench rule {i}", "trigger": {"type": "event", "event": "appointment.priced"},
            "conditions": CONDITIONS, "actions": [{"type": "tag", "params": {"tag": f"bench-{i}"}}]})
    ids = list(Appointment.objects.filter(master=master).order_by("pk").values_list("pk", flat=True))
    return Facts(master_id=master.pk, appointment_ids=ids, rules=rules)


@dataset("rules_none", sizes={"full": {"rules": 0}, "quick": {"rules": 0}},
         description=f"{TRANSITIONS} appointments ready to be priced, no rules")
def rules_none(sizes: dict[str, int]) -> Facts:
    return _build(sizes["rules"])


@dataset("rules_100", sizes={"full": {"rules": RULES}, "quick": {"rules": RULES}},
         description=f"the same {TRANSITIONS} appointments, {RULES} enabled rules on appointment.priced")
def rules_100(sizes: dict[str, int]) -> Facts:
    return _build(sizes["rules"])


def _set_price(label: str, name: str) -> Side:
    def prepare(ctx: Context):
        client = ctx.client(ctx.facts.master_id)
        pending = iter(ctx.facts.appointment_ids)

        def operation():
            appointment_id = next(pending, None)
            if appointment_id is None:
                raise SideError(f"{name}: no appointment left to price (raise TRANSITIONS)")
            response = client.post(f"/api/v1/appointments/{appointment_id}/set-price/", {"price": "12000"},
                                   format="json")
            if response.status_code != 200:
                raise SideError(f"set-price: {response.status_code} {response.content[:200]!r}")
            return response
        return operation
    return Side(label, name, prepare)


def _same_transition(baseline, candidate) -> str | None:
    if baseline.queries != candidate.queries:
        return f"{candidate.queries} queries with {RULES} rules, {baseline.queries} without: the request did rule work"
    return None


register(Row(
    key="rules.eval-vs-jsonlogic",
    title=f"rules: {BATCH:,} evaluations of a 5-leaf rule, engine vs panzi-json-logic (paired batches)",
    metric=Metric.P50_MS, target=Target(ratio_at_most=0.1), runs=PAIRS,
    baseline=Side("json-logic", "rules_none", _json_logic), candidate=Side("engine", "rules_none", _engine),
))
register(Row(
    key="rules.transition-100-rules", title=f"rules: set-price with {RULES} enabled rules on its event vs none",
    # 41 pairs (not the mode's 15): a set-price is ~10 ms, so more pairs cost little and keep the
    # median of the paired ratios steady on a machine shared with other work.
    metric=Metric.P50_MS, target=Target(ratio_at_most=1.1), runs=41,
    baseline=_set_price("no rules", "rules_none"), candidate=_set_price(f"{RULES} rules", "rules_100"),
    check=_same_transition,
))
