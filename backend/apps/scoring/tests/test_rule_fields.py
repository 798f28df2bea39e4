"""Scores are rule fields (SPEC 10.1/10.2): the catalog offers them, and a rule reads the level
shown now (an override included) of the appointment's client and master."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.appointments.models import AppointmentStatus
from apps.scoring.models import UserScore
from apps.scoring.types import ScoreKind

pytestmark = pytest.mark.django_db
BASE = "/api/v1/admin/rules/"


def _score(user, kind, level, score):
    return UserScore.objects.create(user=user, kind=kind, level=level, score=score, window_days=90,
                                    sample_count=10, model_version="test")


def _dry_run(admin, appointment, conditions):
    rule = {"name": "by score", "trigger": {"type": "event", "event": "appointment.priced"},
            "conditions": conditions, "actions": [{"type": "tag", "params": {"tag": "watch"}}]}
    response = admin.post(f"{BASE}dry-run/", {"rule": rule, "appointment_id": appointment.pk}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def test_the_catalog_offers_the_score_fields_with_their_levels(as_user, admin_user):
    fields = {f["field"]: f for f in as_user(admin_user).get(f"{BASE}catalog/").json()["fields"]}
    assert fields["client.risk_level"]["choices"] == ["low", "medium", "high", "insufficient_data"]
    assert fields["master.performance_level"]["type"] == "enum"
    assert fields["client.risk_score"]["type"] == fields["master.performance_score"]["type"] == "number"


def test_a_rule_reads_the_clients_risk_and_the_masters_performance(as_user, admin_user, make_appointment):
    admin = as_user(admin_user)
    appointment = make_appointment(AppointmentStatus.AWAITING_PAYMENT)
    _score(appointment.client, ScoreKind.CLIENT_RISK, "high", 80)
    _score(appointment.master, ScoreKind.MASTER_PERFORMANCE, "good", 72)
    body = _dry_run(admin, appointment, {"all": [
        {"field": "client.risk_level", "op": "eq", "value": "high"},
        {"field": "client.risk_score", "op": "gte", "value": 70},
        {"field": "master.performance_level", "op": "in", "value": ["excellent", "good"]}]})
    assert body["matched"] is True
    assert [t["actual"] for t in body["trace"]] == ["high", 80, "good"]


def test_an_override_is_what_a_rule_sees_and_unscored_people_have_no_score(as_user, admin_user, make_appointment):
    admin = as_user(admin_user)
    appointment = make_appointment(AppointmentStatus.AWAITING_PAYMENT)
    risk = _score(appointment.client, ScoreKind.CLIENT_RISK, "high", 80)
    risk.override_level, risk.override_reason = "low", "known regular"
    risk.override_expires_at = timezone.now() + timedelta(days=1)
    risk.save()
    body = _dry_run(admin, appointment, {"any": [{"field": "client.risk_level", "op": "eq", "value": "high"},
                                                 {"field": "master.performance_score", "op": "gte", "value": 0}]})
    assert body["matched"] is False
    assert [t["actual"] for t in body["trace"]] == ["low", None]
