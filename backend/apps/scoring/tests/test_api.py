from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.appointments.models import AppointmentStatus
from apps.common.capabilities import AdminRole, Role
from apps.platform.audit.models import AuditEntry
from apps.scoring.models import UserScore
from apps.scoring.services import recompute

pytestmark = pytest.mark.django_db
S = AppointmentStatus
SHAPE = {"score", "level", "reasons", "sample", "model_version", "computed_at", "override"}


@pytest.fixture
def risky(history):
    client = history.client(completed=3, cancelled_after_price=3)
    recompute([client.pk])
    return client


@pytest.fixture
def moderator(make_user):
    return make_user(Role.ADMIN, admin_role=AdminRole.MODERATOR)


def test_an_admin_reads_a_clients_risk_in_the_spec_shape(as_user, risky, moderator):
    data = as_user(moderator).get(f"/api/v1/admin/users/{risky.pk}/risk/").json()
    assert set(data) == SHAPE
    assert (data["score"], data["level"], data["override"]) == (30, "medium", None)
    assert data["sample"] == {"count": 6, "window_days": 365}
    assert sum(r["points"] for r in data["reasons"]) == data["score"]
    assert data["reasons"][0] == {"code": "cancelled_after_price", "label": "Cancelled after the price was set",
                                  "points": 30, "evidence": {"count": 3}}
    # the /api/ alias answers the same
    assert as_user(moderator).get(f"/api/admin/users/{risky.pk}/risk/").json()["score"] == 30


def test_a_user_never_scored_gets_a_computed_answer_and_the_wrong_kind_is_404(as_user, make_user, moderator,
                                                                              history):
    fresh = make_user(Role.CLIENT)
    data = as_user(moderator).get(f"/api/v1/admin/users/{fresh.pk}/risk/").json()
    assert (data["score"], data["level"], data["reasons"]) == (None, "insufficient_data", [])
    master = history.master(completed=3)
    api = as_user(moderator)
    assert api.get(f"/api/v1/admin/users/{master.pk}/risk/").status_code == 404
    assert api.get(f"/api/v1/admin/masters/{fresh.pk}/performance/").status_code == 404
    assert api.get(f"/api/v1/admin/users/{moderator.pk}/risk/").status_code == 404
    performance = api.get(f"/api/v1/admin/masters/{master.pk}/performance/").json()
    assert set(performance) == SHAPE and performance["sample"]["window_days"] == 90


def test_history_is_paginated_newest_first(as_user, risky, moderator):
    from apps.scoring.models import ScoreSnapshot

    ScoreSnapshot.objects.create(user=risky, kind="client_risk", date=timezone.localdate() - timedelta(days=1),
                                 score=10, level="low", model_version="old")
    data = as_user(moderator).get(f"/api/v1/admin/users/{risky.pk}/risk/history/?page_size=1").json()
    assert data["count"] == 2 and data["next"]
    assert data["results"] == [{"date": timezone.localdate().isoformat(), "score": 30, "level": "medium",
                                "model_version": UserScore.objects.get(user=risky).model_version}]


def test_an_override_is_shown_audited_and_removed(as_user, risky, moderator):
    api = as_user(moderator)
    url = f"/api/v1/admin/users/{risky.pk}/risk/override/"
    response = api.post(url, {"level": "high", "reason": "chargeback reported by the bank"}, format="json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["level"] == "high" and data["score"] == 30
    assert data["override"]["level"] == "high" and data["override"]["by"]["id"] == moderator.pk
    entry = AuditEntry.objects.get(action="score.override_set")
    assert (entry.reason, entry.target_id) == ("chargeback reported by the bank", str(risky.pk))
    response = api.delete(url, {"reason": "resolved"}, format="json")
    assert response.status_code == 200
    assert (response.json()["level"], response.json()["override"]) == ("medium", None)
    assert AuditEntry.objects.get(action="score.override_cleared").reason == "resolved"
    assert api.delete(url, {}, format="json").json()["code"] == "no_override"


def test_an_override_expires_at_read_time(as_user, risky, moderator):
    api = as_user(moderator)
    expires = timezone.now() + timedelta(hours=1)
    api.post(f"/api/v1/admin/users/{risky.pk}/risk/override/",
             {"level": "low", "reason": "known customer", "expires_at": expires.isoformat()}, format="json")
    assert api.get(f"/api/v1/admin/users/{risky.pk}/risk/").json()["level"] == "low"
    UserScore.objects.filter(user=risky).update(override_expires_at=timezone.now() - timedelta(seconds=1))
    data = api.get(f"/api/v1/admin/users/{risky.pk}/risk/").json()
    assert (data["level"], data["override"]) == ("medium", None)


def test_an_override_needs_a_valid_level_a_reason_and_a_future_expiry(as_user, risky, moderator):
    api = as_user(moderator)
    url = f"/api/v1/admin/users/{risky.pk}/risk/override/"
    assert api.post(url, {"level": "excellent", "reason": "x"}, format="json").status_code == 400
    assert api.post(url, {"level": "insufficient_data", "reason": "x"}, format="json").status_code == 400
    assert api.post(url, {"level": "high"}, format="json").status_code == 400
    past = (timezone.now() - timedelta(minutes=1)).isoformat()
    assert api.post(url, {"level": "high", "reason": "x", "expires_at": past}, format="json").status_code == 400


def test_permission_matrix(as_user, risky, history, make_user, make_appointment):
    master = history.master(completed=3)
    recompute([master.pk])
    support = make_user(Role.ADMIN, admin_role=AdminRole.SUPPORT)  # users.view, not users.ban
    finance = make_user(Role.ADMIN, admin_role=AdminRole.FINANCE)  # neither
    reads = [f"/api/v1/admin/users/{risky.pk}/risk/", f"/api/v1/admin/users/{risky.pk}/risk/history/",
             f"/api/v1/admin/masters/{master.pk}/performance/",
             f"/api/v1/admin/masters/{master.pk}/performance/history/"]
    override = f"/api/v1/admin/users/{risky.pk}/risk/override/"
    for user in (risky, master, make_user(Role.CLIENT), finance):
        api = as_user(user)
        for url in reads:
            assert api.get(url).status_code == 403, (user, url)
        assert api.post(override, {"level": "low", "reason": "x"}, format="json").status_code == 403
        assert api.delete(override).status_code == 403
    for url in reads:
        assert as_user(support).get(url).status_code == 200
    assert as_user(support).post(override, {"level": "low", "reason": "x"}, format="json").status_code == 403
    from rest_framework.test import APIClient

    assert APIClient().get(reads[0]).status_code in (401, 403)


def _keys(payload) -> set[str]:
    if isinstance(payload, dict):
        return set(payload) | {k for v in payload.values() for k in _keys(v)}
    if isinstance(payload, list):
        return {k for v in payload for k in _keys(v)}
    return set()


def test_a_master_sees_only_the_clients_level_and_a_client_nothing(as_user, risky, history, make_appointment,
                                                                  make_user):
    master = history.master(completed=3)
    mine = make_appointment(S.IN_REVIEW, client=risky, master=master)
    queued = make_appointment(S.NEW, client=risky)
    api = as_user(master)
    detail = api.get(f"/api/v1/appointments/{mine.pk}/").json()
    assert detail["client_risk"] == {"level": "medium"}
    queue = api.get("/api/v1/appointments/new/").json()["results"]
    assert {a["id"]: a["client_risk"] for a in queue}[queued.pk] == {"level": "medium"}
    for url in ("/api/v1/appointments/my/", "/api/v1/appointments/active/", f"/api/v1/appointments/{mine.pk}/",
                "/api/v1/appointments/new/"):
        payload = api.get(url).json()
        assert not _keys(payload) & {"score", "reasons", "override"}, url
    client_api = as_user(risky)
    for url in ("/api/v1/appointments/my/", "/api/v1/appointments/active/", f"/api/v1/appointments/{mine.pk}/",
                "/api/v1/dashboard/", "/api/v1/me/"):
        response = client_api.get(url)
        assert response.status_code == 200, url
        assert not _keys(response.json()) & {"client_risk", "score", "reasons", "performance"}, url
    # a master's own dashboard has their performance; the client's risk never
    dashboard = api.get("/api/v1/dashboard/").json()
    assert set(dashboard["performance"]) == {"score", "level", "reasons"}
    assert sum(r["points"] for r in dashboard["performance"]["reasons"]) == dashboard["performance"]["score"]


def test_an_unscored_client_reads_as_insufficient_data_to_a_master(as_user, make_appointment, make_user):
    master = make_user(Role.MASTER)
    appointment = make_appointment(S.IN_REVIEW, master=master)
    assert as_user(master).get(f"/api/v1/appointments/{appointment.pk}/").json()["client_risk"] == {
        "level": "insufficient_data"}


@pytest.mark.parametrize("path", ["my", "new"])
def test_client_risk_adds_no_query_per_row(as_user, make_user, make_appointment, history, path):
    master = make_user(Role.MASTER)
    for _ in range(60):
        client = history.client(completed=0)
        make_appointment(S.NEW if path == "new" else S.IN_REVIEW, client=client,
                         master=None if path == "new" else master)
    recompute(None)
    api = as_user(master)
    api.get(f"/api/v1/appointments/{path}/")
    counts = {}
    for size in (5, 50):
        with CaptureQueriesContext(connection) as ctx:
            results = api.get(f"/api/v1/appointments/{path}/?page_size={size}").json()["results"]
        assert len(results) == size and all("client_risk" in a for a in results)
        counts[size] = len(ctx.captured_queries)
    assert counts[5] == counts[50], counts


def test_the_public_profile_shows_only_a_good_or_excellent_level(api, history):
    master = history.master(completed=3)
    recompute([master.pk])
    row = UserScore.objects.get(user=master)
    assert row.level in {"excellent", "good"}
    assert api.get(f"/api/v1/masters/{master.pk}/").json()["performance"] == {"level": row.level}
    UserScore.objects.filter(user=master).update(level="poor")
    data = api.get(f"/api/v1/masters/{master.pk}/").json()
    assert data["performance"] is None
    assert "score" not in str(data) and "reasons" not in str(data)


def test_admin_lists_show_and_filter_by_level(as_user, risky, history, moderator, make_user):
    calm = history.client(completed=3)
    master = history.master(completed=3)
    recompute([calm.pk, master.pk])
    UserScore.objects.filter(user=master).update(level="poor")
    api = as_user(moderator)
    rows = {u["id"]: u for u in api.get("/api/v1/admin/users/?page_size=100").json()["results"]}
    assert (rows[risky.pk]["risk_level"], rows[risky.pk]["performance_level"]) == ("medium", None)
    assert (rows[master.pk]["risk_level"], rows[master.pk]["performance_level"]) == (None, "poor")
    UserScore.objects.filter(user=risky).update(override_level="high")
    assert [u["id"] for u in api.get("/api/v1/admin/users/?risk=high").json()["results"]] == [risky.pk]
    assert [u["id"] for u in api.get("/api/v1/admin/users/?performance=poor").json()["results"]] == [master.pk]
    assert [u["id"] for u in api.get("/api/v1/admin/masters/?performance=poor").json()["results"]] == [master.pk]
    assert api.get("/api/v1/admin/masters/?performance=bad").status_code == 400
    unscored = make_user(Role.CLIENT)
    ids = [u["id"] for u in api.get("/api/v1/admin/users/?risk=insufficient_data").json()["results"]]
    assert unscored.pk in ids and risky.pk not in ids


@pytest.mark.parametrize("path", ["users", "masters"])
def test_admin_list_levels_add_no_query_per_row(as_user, history, moderator, path):
    for _ in range(30):
        history.client(completed=3)  # a client and their master each
    recompute(None)
    api = as_user(moderator)
    api.get(f"/api/v1/admin/{path}/")
    counts = {}
    for size in (5, 25):
        with CaptureQueriesContext(connection) as ctx:
            assert len(api.get(f"/api/v1/admin/{path}/?page_size={size}").json()["results"]) == size
        counts[size] = len(ctx.captured_queries)
    assert counts[5] == counts[25], counts
