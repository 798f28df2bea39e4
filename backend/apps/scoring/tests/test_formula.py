import random

import pytest

from apps.scoring.config import DEFAULTS, _merge
from apps.scoring.formula import ClientInputs, MasterInputs, client_risk, master_performance, smoothed_rating

CFG = _merge(DEFAULTS, {})


def _random_client(rng: random.Random) -> ClientInputs:
    return ClientInputs(
        sample=rng.randint(0, 40), payments_rejected=rng.randint(0, 6), cancelled_before_price=rng.randint(0, 9),
        cancelled_after_price=rng.randint(0, 9),
        flags={f: rng.randint(0, 4) for f in ("no_show", "payment_issue", "rude", "late") if rng.random() < 0.5},
        account_age_days=rng.randint(0, 900), banned_before=rng.random() < 0.2)


def _random_master(rng: random.Random) -> MasterInputs:
    sample = rng.randint(0, 60)
    completed = rng.randint(0, sample)
    count = rng.randint(0, 50)
    return MasterInputs(
        sample=sample, completed=completed, declined=rng.randint(0, sample - completed),
        rating_sum=sum(rng.randint(1, 5) for _ in range(count)), rating_count=count,
        marketplace_mean=rng.choice([None, rng.uniform(1, 5)]),
        median_take_minutes=rng.choice([None, rng.uniform(0, 3000)]),
        median_price_minutes=rng.choice([None, rng.uniform(0, 5000)]),
        sla_breaches=rng.randint(0, 12), flags={f: rng.randint(0, 6) for f in ("late", "poor_quality", "rude")})


@pytest.mark.parametrize("formula, make", [(client_risk, _random_client), (master_performance, _random_master)])
def test_reasons_are_integers_that_sum_to_the_score_exactly(formula, make):
    rng = random.Random(20261202)
    scored = 0
    for _ in range(3000):
        result = formula(make(rng), CFG)
        if result.score is None:
            assert result.reasons == []
            continue
        scored += 1
        assert 0 <= result.score <= 100
        assert all(isinstance(r["points"], int) and r["points"] != 0 for r in result.reasons)
        assert sum(r["points"] for r in result.reasons) == result.score
        assert all(set(r) == {"code", "label", "points", "evidence"} for r in result.reasons)
    assert scored > 1000


def test_below_the_minimum_sample_there_is_no_score():
    for formula, inputs in ((client_risk, ClientInputs(sample=2, payments_rejected=5, banned_before=True)),
                            (master_performance, MasterInputs(sample=2, completed=2))):
        result = formula(inputs, CFG)
        assert (result.score, result.level, result.reasons) == (None, "insufficient_data", [])
    assert client_risk(ClientInputs(sample=3, account_age_days=400), CFG).level == "low"


def test_the_minimum_sample_is_a_setting():
    cfg = _merge(DEFAULTS, {"min_sample": 10})
    assert client_risk(ClientInputs(sample=9, account_age_days=400), cfg).level == "insufficient_data"
    assert client_risk(ClientInputs(sample=10, account_age_days=400), cfg).level == "low"


def test_client_levels_follow_the_points():
    clean = client_risk(ClientInputs(sample=5, account_age_days=400), CFG)
    assert (clean.score, clean.level, clean.reasons) == (0, "low", [])
    medium = client_risk(ClientInputs(sample=5, account_age_days=400, cancelled_after_price=3), CFG)
    assert (medium.score, medium.level) == (30, "medium")
    high = client_risk(ClientInputs(sample=5, account_age_days=400, payments_rejected=2, flags={"no_show": 2},
                                    banned_before=True), CFG)
    assert high.level == "high"
    assert [r["code"] for r in high.reasons] == ["payment_rejected", "flag_no_show", "banned_before"]


def test_cancelling_after_the_price_weighs_more_than_before():
    after = client_risk(ClientInputs(sample=5, account_age_days=400, cancelled_after_price=1), CFG)
    before = client_risk(ClientInputs(sample=5, account_age_days=400, cancelled_before_price=1), CFG)
    assert after.score > before.score > 0


def test_a_perfect_master_scores_100_and_penalties_take_points_away():
    perfect = master_performance(MasterInputs(sample=10, completed=10, rating_sum=50, rating_count=10,
                                              marketplace_mean=5.0, median_take_minutes=5,
                                              median_price_minutes=10), CFG)
    assert (perfect.score, perfect.level) == (100, "excellent")
    worse = master_performance(MasterInputs(sample=10, completed=10, rating_sum=50, rating_count=10,
                                            marketplace_mean=5.0, median_take_minutes=5, median_price_minutes=10,
                                            sla_breaches=2, flags={"rude": 1}), CFG)
    assert worse.score == 100 - 8 - 5
    assert {r["code"]: r["points"] for r in worse.reasons}["sla_breaches"] == -8


def test_a_few_reviews_stay_near_the_marketplace_mean():
    one_bad = MasterInputs(sample=5, rating_sum=1, rating_count=1, marketplace_mean=4.5)
    many_bad = MasterInputs(sample=5, rating_sum=40, rating_count=40, marketplace_mean=4.5)
    assert smoothed_rating(one_bad, CFG) == pytest.approx((5 * 4.5 + 1) / 6)
    assert smoothed_rating(many_bad, CFG) < 1.5
    assert master_performance(one_bad, CFG).score > master_performance(many_bad, CFG).score


def test_an_unknown_setting_is_refused():
    with pytest.raises(KeyError):
        _merge(DEFAULTS, {"client": {"no_such_weight": 1}})
