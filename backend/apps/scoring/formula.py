"""The formulas, as pure functions of counted inputs (no database): client risk and master
performance, each an integer 0..100 made of additive reasons that sum to it exactly.

Reasons are applied in order onto a running total kept within 0..100; a reason that would push
the total past either end adds only what fits, so the points shown always add up to the score.
Below the minimum sample there is no score: level `insufficient_data`, score None, no reasons."""

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from .types import INSUFFICIENT_DATA, ClientRiskLevel, MasterPerformanceLevel, ReasonCode

R = ReasonCode


@dataclass(frozen=True)
class ClientInputs:
    sample: int = 0  # their appointments in the window that a master took
    payments_rejected: int = 0
    cancelled_before_price: int = 0  # not counting those after a master's missed take/price deadline
    cancelled_after_price: int = 0
    flags: dict[str, int] = field(default_factory=dict)  # masters' flags on them: no_show, payment_issue, ...
    account_age_days: int = 0
    banned_before: bool = False


@dataclass(frozen=True)
class MasterInputs:
    sample: int = 0  # appointments they took in the window
    completed: int = 0
    declined: int = 0
    rating_sum: int = 0  # visible client reviews of them
    rating_count: int = 0
    marketplace_mean: float | None = None
    median_take_minutes: float | None = None
    median_price_minutes: float | None = None
    sla_breaches: int = 0
    flags: dict[str, int] = field(default_factory=dict)  # clients' quality flags: late, poor_quality, rude


@dataclass(frozen=True)
class Score:
    score: int | None
    level: str
    reasons: list[dict]
    sample: int


def _half_up(value: float) -> int:
    return math.floor(value + 0.5)


def _apply(parts: Iterable[tuple[str, str, int, dict]]) -> tuple[int, list[dict]]:
    total, reasons = 0, []
    for code, label, points, evidence in parts:
        new_total = min(100, max(0, total + int(points)))
        added = new_total - total
        total = new_total
        if added:
            reasons.append({"code": str(code), "label": label, "points": added, "evidence": evidence})
    return total, reasons


def _per_item(count: int, rule: dict) -> int:
    return min(rule["cap"], count * rule["points"])


CLIENT_FLAG_REASONS = {
    "no_show": (R.FLAG_NO_SHOW, "Masters reported a no-show"),
    "payment_issue": (R.FLAG_PAYMENT_ISSUE, "Masters reported a payment issue"),
    "rude": (R.FLAG_RUDE, "Masters reported rudeness"),
    "late": (R.FLAG_LATE, "Masters reported lateness"),
}
MASTER_FLAG_REASONS = {
    "late": (R.QUALITY_FLAG_LATE, "Clients reported lateness"),
    "poor_quality": (R.QUALITY_FLAG_POOR_QUALITY, "Clients reported poor quality"),
    "rude": (R.QUALITY_FLAG_RUDE, "Clients reported rudeness"),
}


def client_level(score: int, cfg: dict) -> str:
    levels = cfg["client"]["levels"]
    if score >= levels["high_from"]:
        return ClientRiskLevel.HIGH
    if score >= levels["medium_from"]:
        return ClientRiskLevel.MEDIUM
    return ClientRiskLevel.LOW


def master_level(score: int, cfg: dict) -> str:
    levels = cfg["master"]["levels"]
    if score >= levels["excellent_from"]:
        return MasterPerformanceLevel.EXCELLENT
    if score >= levels["good_from"]:
        return MasterPerformanceLevel.GOOD
    if score >= levels["fair_from"]:
        return MasterPerformanceLevel.FAIR
    return MasterPerformanceLevel.POOR


def client_risk(inputs: ClientInputs, cfg: dict) -> Score:
    """Higher is riskier. Each input adds points (capped per input); the total is capped at 100."""
    if inputs.sample < cfg["min_sample"]:
        return Score(None, INSUFFICIENT_DATA, [], inputs.sample)
    c = cfg["client"]
    parts = [
        (R.PAYMENT_REJECTED, "Payment proofs rejected", _per_item(inputs.payments_rejected, c["payment_rejected"]),
         {"count": inputs.payments_rejected}),
        (R.CANCELLED_AFTER_PRICE, "Cancelled after the price was set",
         _per_item(inputs.cancelled_after_price, c["cancelled_after_price"]), {"count": inputs.cancelled_after_price}),
        (R.CANCELLED_BEFORE_PRICE, "Cancelled before the price was set",
         _per_item(inputs.cancelled_before_price, c["cancelled_before_price"]),
         {"count": inputs.cancelled_before_price}),
    ]
    flag_budget = c["flags_cap"]
    for flag, (code, label) in CLIENT_FLAG_REASONS.items():
        count = inputs.flags.get(flag, 0)
        points = min(flag_budget, count * c["flags"].get(flag, 0))
        flag_budget -= points
        parts.append((code, label, points, {"count": count}))
    if inputs.account_age_days < c["new_account_days"]:
        parts.append((R.NEW_ACCOUNT, "New account", c["new_account"], {"age_days": inputs.account_age_days}))
    if inputs.banned_before:
        parts.append((R.BANNED_BEFORE, "Was banned before", c["banned_before"], {}))
    total, reasons = _apply(parts)
    return Score(total, client_level(total, cfg), reasons, inputs.sample)


def smoothed_rating(inputs: MasterInputs, cfg: dict) -> float:
    """The master's mean rating pulled towards the marketplace mean (a Bayesian average): with few
    reviews it stays near the mean, with many it is their own."""
    m = cfg["master"]
    prior_mean = inputs.marketplace_mean if inputs.marketplace_mean is not None else m["rating_default_mean"]
    weight = m["rating_prior_weight"]
    return (weight * prior_mean + inputs.rating_sum) / (weight + inputs.rating_count)


def _speed_share(minutes: float | None, fast: float, slow: float) -> float | None:
    if minutes is None:
        return None
    if minutes <= fast:
        return 1.0
    if minutes >= slow:
        return 0.0
    return (slow - minutes) / (slow - fast)


def master_performance(inputs: MasterInputs, cfg: dict) -> Score:
    """Higher is better. Completion, rating and speed add points (100 for a perfect record);
    declines, SLA breaches and quality flags take points away (each capped); the total stays in 0..100."""
    if inputs.sample < cfg["min_sample"]:
        return Score(None, INSUFFICIENT_DATA, [], inputs.sample)
    m = cfg["master"]
    finished = inputs.completed + inputs.declined
    # Nothing finished yet: their record so far is clean (the declines are what would lower it).
    completion_rate = inputs.completed / finished if finished else 1.0
    rating = smoothed_rating(inputs, cfg)
    parts = [
        (R.COMPLETION, "Completion rate", _half_up(m["completion"] * completion_rate),
         {"rate": round(completion_rate, 3), "completed": inputs.completed, "declined": inputs.declined}),
        (R.RATING, "Rating (smoothed towards the marketplace mean)",
         _half_up(m["rating"] * max(0.0, min(1.0, (rating - 1) / 4))),
         {"smoothed": round(rating, 2), "reviews": inputs.rating_count,
          "average": round(inputs.rating_sum / inputs.rating_count, 2) if inputs.rating_count else None,
          "marketplace_mean": round(inputs.marketplace_mean, 2) if inputs.marketplace_mean is not None else None}),
    ]
    for code, label, minutes, weight, fast, slow in (
            (R.TAKE_SPEED, "Median time to take", inputs.median_take_minutes, m["take_speed"],
             m["take_fast_minutes"], m["take_slow_minutes"]),
            (R.PRICE_SPEED, "Median time to price", inputs.median_price_minutes, m["price_speed"],
             m["price_fast_minutes"], m["price_slow_minutes"])):
        share = _speed_share(minutes, fast, slow)
        # No timing yet (nothing priced): half the points, neither reward nor blame.
        points = _half_up(weight * (share if share is not None else 0.5))
        parts.append((code, label, points,
                      {"median_minutes": round(minutes, 1) if minutes is not None else None}))
    parts.append((R.DECLINED, "Declined after taking", -_per_item(inputs.declined, m["declined"]),
                  {"count": inputs.declined}))
    parts.append((R.SLA_BREACHES, "Missed SLA deadlines", -_per_item(inputs.sla_breaches, m["sla_breach"]),
                  {"count": inputs.sla_breaches}))
    flag_budget = m["quality_flags_cap"]
    for flag, (code, label) in MASTER_FLAG_REASONS.items():
        count = inputs.flags.get(flag, 0)
        points = min(flag_budget, count * m["quality_flags"].get(flag, 0))
        flag_budget -= points
        parts.append((code, label, -points, {"count": count}))
    total, reasons = _apply(parts)
    return Score(total, master_level(total, cfg), reasons, inputs.sample)
