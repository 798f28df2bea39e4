"""The scoring settings: the documented defaults, overridden key by key by `settings.SCORING`.

Every weight is in points of the 0..100 score; docs/scores.md explains each one. A change of any
weight or threshold is a change of the formula: `model_version` names the formula a score was
computed with, so bump it with them."""

from copy import deepcopy

from django.conf import settings

DEFAULTS: dict = {
    "model_version": "2026-12-02.1",
    # The minimum sample (appointments a master took) below which there is no score.
    "min_sample": 3,
    # Client risk looks back a year (clients book rarely); master performance a quarter.
    "client_window_days": 365,
    "master_window_days": 90,
    # A master's reviews (rating and quality flags) are read over the long window.
    "reviews_window_days": 365,
    "client": {
        # Points per occurrence, and the most one input may add.
        "payment_rejected": {"points": 15, "cap": 45},
        "cancelled_before_price": {"points": 4, "cap": 16},
        "cancelled_after_price": {"points": 10, "cap": 40},
        "flags": {"no_show": 20, "payment_issue": 15, "rude": 10, "late": 4},
        "flags_cap": 50,
        # A new account adds these points while it is younger than `new_account_days`.
        "new_account_days": 30,
        "new_account": 10,
        "banned_before": 25,
        # low < medium_from <= medium < high_from <= high
        "levels": {"medium_from": 30, "high_from": 60},
    },
    "master": {
        # The positive parts add up to 100 for a perfect record.
        "completion": 40,  # x completion rate (completed / (completed + declined))
        "rating": 30,  # x (smoothed rating - 1) / 4
        # Bayesian smoothing: the marketplace mean counts as this many reviews.
        "rating_prior_weight": 5,
        # Used when there is no review anywhere yet.
        "rating_default_mean": 4.0,
        "take_speed": 15,  # full points at or below fast_minutes, none at or above slow_minutes
        "take_fast_minutes": 30,
        "take_slow_minutes": 24 * 60,
        "price_speed": 15,
        "price_fast_minutes": 60,
        "price_slow_minutes": 48 * 60,
        # Penalties: points per occurrence (taken away), and the most each may take away.
        "declined": {"points": 3, "cap": 15},
        "sla_breach": {"points": 4, "cap": 20},
        "quality_flags": {"late": 3, "poor_quality": 5, "rude": 5},
        "quality_flags_cap": 20,
        # poor < fair_from <= fair < good_from <= good < excellent_from <= excellent
        "levels": {"fair_from": 50, "good_from": 70, "excellent_from": 85},
    },
}


def _merge(base: dict, override: dict, path: str = "SCORING") -> dict:
    merged = deepcopy(base)
    for key, value in override.items():
        if key not in base:
            raise KeyError(f"{path}[{key!r}] is not a scoring setting (see apps/scoring/config.py).")
        if isinstance(base[key], dict) and isinstance(value, dict):
            merged[key] = _merge(base[key], value, f"{path}[{key!r}]")
        else:
            merged[key] = value
    return merged


def scoring_settings() -> dict:
    """The one accessor: the defaults with `settings.SCORING` laid over them."""
    return _merge(DEFAULTS, getattr(settings, "SCORING", None) or {})
