"""The SLA over HTTP: the policy (validated, versioned, audited), `sla` on appointment responses
(its master and admins; never the client), the clocks endpoint, breaches (+ CSV), the report, the
admin list filter and the dashboards."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.appointments.models import SlaClock, SlaPolicy
from apps.appointments.sla.sweep import sla_sweep
from apps.common.capabilities import AdminRole, Role
from apps.platform.audit.models import AuditEntry

from .sla_helpers import drive

pytestmark = pytest.mark.django_db
POLICY = "/api/v1/admin/sla/policy/"


def _policy_body(**changes) -> dict:
    body = {
        "targets": {
            "take": {"minutes": 30, "warn_before_minutes": 10, "business_hours": True},
            "price": {"minutes": 120, "warn_before_minutes": 30, "business_hours": True},
            "pay": None,
            "confirm_payment": {"minutes": 60, "warn_before_minutes": 0, "business_hours": False},
        },
        "calendar": {"weekly": [{"day": 1, "open": "09:00", "close": "18:00"}], "holidays": ["2027-01-01"]},
        "auto_cancel_unpaid_hours": 72,
    }
    body.update(changes)
    return body


def test_the_default_policy(as_user, make_user):
    data = as_user(make_user(Role.ADMIN)).get(POLICY).json()
    assert set(data) == {"targets", "calendar", "auto_cancel_unpaid_hours", "version"}
    assert data["version"] == 1 and data["auto_cancel_unpaid_hours"] is None
    assert data["targets"]["take"] == {"minutes": 60, "warn_before_minutes": 15, "business_hours": True}
    assert data["targets"]["pay"]["business_hours"] is False
    assert {"day": 6, "open": "10:00", "close": "16:00"} in data["calendar"]["weekly"]
    assert data["calendar"]["holidays"] == []


def test_saving_the_policy_makes_a_new_audited_version(as_user, make_user):
    admin = make_user(Role.ADMIN)
    response = as_user(admin).put(POLICY, _policy_body(), format="json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["version"] == 2 and data["targets"]["pay"] is None and data["targets"]["start"] is None
    assert data["calendar"]["holidays"] == ["2027-01-01"]
    entry = AuditEntry.objects.get(action="sla.policy_updated")
    assert entry.changes["version"] == [1, 2]
    assert entry.changes["targets.take"][1] == {"minutes": 30, "warn_before_minutes": 10, "business_hours": True}
    assert entry.changes["auto_cancel_unpaid_hours"] == [None, 72]
    assert as_user(admin).get(POLICY).json() == data
    # the same policy again is no new version
    assert as_user(admin).put(POLICY, _policy_body(), format="json").json()["version"] == 2
    assert SlaPolicy.objects.count() == 1
    # new clocks take the new target
    appointment = drive(make_user, "new")
    assert SlaClock.objects.get(appointment=appointment).target_minutes == 30


@pytest.mark.parametrize("body", [
    _policy_body(targets={"take": {"minutes": 0}}),
    _policy_body(targets={"take": {"minutes": 30, "warn_before_minutes": 30}}),
    _policy_body(targets={"nap": {"minutes": 30}}),
    _policy_body(calendar={"weekly": [{"day": 8, "open": "09:00", "close": "18:00"}], "holidays": []}),
    _policy_body(calendar={"weekly": [{"day": 1, "open": "18:00", "close": "09:00"}], "holidays": []}),
    _policy_body(calendar={"weekly": [{"day": 1, "open": "9am", "close": "18:00"}], "holidays": []}),
    _policy_body(calendar={"weekly": [{"day": 1, "open": "09:00", "close": "13:00"},
                                      {"day": 1, "open": "12:00", "close": "18:00"}], "holidays": []}),
    _policy_body(calendar={"weekly": [], "holidays": []}),  # a stage counts working hours
    _policy_body(calendar={"weekly": [{"day": 1, "open": "09:00", "close": "18:00"}], "holidays": ["soon"]}),
    _policy_body(auto_cancel_unpaid_hours=0),
], ids=["zero-minutes", "warning-not-before-due", "unknown-stage", "bad-day", "closes-before-open", "bad-time",
        "overlap", "no-working-hours", "bad-holiday", "auto-cancel-zero"])
def test_an_invalid_policy_is_a_400_with_a_code(as_user, make_user, body):
    response = as_user(make_user(Role.ADMIN)).put(POLICY, body, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["code"]
    assert not SlaPolicy.objects.exists()


def test_the_policy_needs_system_settings(as_user, make_user):
    assert as_user(make_user(Role.ADMIN, admin_role=AdminRole.SUPPORT.value)).get(POLICY).status_code == 403
    assert as_user(make_user(Role.MASTER)).put(POLICY, _policy_body(), format="json").status_code == 403
    assert as_user(make_user(Role.CLIENT)).get(POLICY).status_code == 403


def test_sla_on_responses_for_the_master_and_admins_never_the_client(as_user, make_user):
    master = make_user(Role.MASTER)
    appointment = drive(make_user, "take", master=master)
    path = f"/api/v1/appointments/{appointment.pk}/"
    sla = as_user(master).get(path).json()["sla"]
    clock = SlaClock.objects.get(appointment=appointment, stage="price")
    assert sla["stage"] == "price" and sla["state"] == "on_track"
    assert 0 < sla["remaining_seconds"] <= (clock.due_at - timezone.now()).total_seconds() + 1
    assert set(sla) == {"stage", "due_at", "remaining_seconds", "state"}
    assert as_user(make_user(Role.ADMIN)).get(path).json()["sla"]["stage"] == "price"
    client = as_user(appointment.client)
    assert client.get(path).json()["sla"] is None
    assert [a["sla"] for a in client.get("/api/v1/appointments/my/").json()["results"]] == [None]
    # breached before the sweep runs already reads breached
    SlaClock.objects.filter(appointment=appointment, stage="price").update(due_at=timezone.now() - timedelta(minutes=1))
    sla = as_user(master).get(path).json()["sla"]
    assert sla["state"] == "breached" and sla["remaining_seconds"] < 0
    # a master in the queue sees the take countdown; a finished appointment has none
    queued = drive(make_user, "new")
    assert as_user(make_user(Role.MASTER)).get(f"/api/v1/appointments/{queued.pk}/").json()["sla"]["stage"] == "take"
    done = drive(make_user, "completed", master=master)
    assert as_user(master).get(f"/api/v1/appointments/{done.pk}/").json()["sla"] is None


def test_sla_in_lists_costs_no_query_per_row(as_user, make_user):
    master = make_user(Role.MASTER)
    for _ in range(6):
        drive(make_user, "take", master=master)
    counts = {}
    for who in (master, make_user(Role.ADMIN)):
        api = as_user(who)
        api.get("/api/v1/appointments/my/")
        for size in (2, 6):
            with CaptureQueriesContext(connection) as ctx:
                results = api.get(f"/api/v1/appointments/my/?page_size={size}").json()["results"]
            assert len(results) == size and all(r["sla"]["stage"] == "price" for r in results)
            counts[(who.pk, size)] = len(ctx.captured_queries)
        assert counts[(who.pk, 2)] == counts[(who.pk, 6)], counts


def test_the_clocks_endpoint_is_for_the_master_and_admins(as_user, make_user):
    master = make_user(Role.MASTER)
    appointment = drive(make_user, "take", master=master)
    path = f"/api/v1/appointments/{appointment.pk}/sla/"
    clocks = as_user(master).get(path).json()
    assert [(c["stage"], c["cycle"], c["state"]) for c in clocks] == [("take", 1, "met"), ("price", 1, "running")]
    assert {"stage", "cycle", "started_at", "due_at", "stopped_at", "breached_at", "state"} <= set(clocks[0])
    assert as_user(make_user(Role.ADMIN)).get(path).status_code == 200
    assert as_user(appointment.client).get(path).status_code == 404
    assert as_user(make_user(Role.MASTER)).get(path).status_code == 404
    assert as_user(make_user(Role.CLIENT)).get(path).status_code == 404


def _breach(make_user, *, master=None, title="Haircut", to="take"):
    appointment = drive(make_user, to, master=master)
    if title != "Haircut":
        type(appointment).objects.filter(pk=appointment.pk).update(title=title)
    SlaClock.objects.filter(appointment=appointment, stopped_at__isnull=True).update(
        due_at=timezone.now() - timedelta(minutes=3))
    sla_sweep()
    return appointment


def test_breaches_filter_paginate_and_export_csv(as_user, make_user):
    master, other = make_user(Role.MASTER), make_user(Role.MASTER)
    mine = _breach(make_user, master=master, title="=HYPERLINK(\"http://evil\")")
    _breach(make_user, master=other)
    _breach(make_user, to="new")  # a take breach: nobody's
    api = as_user(make_user(Role.ADMIN))
    data = api.get("/api/v1/admin/sla/breaches/").json()
    assert data["count"] == 3 and len(data["results"]) == 3
    by_master = api.get(f"/api/v1/admin/sla/breaches/?master={master.pk}").json()["results"]
    assert [(b["appointment_id"], b["stage"], b["master_id"]) for b in by_master] == [(mine.pk, "price", master.pk)]
    assert api.get("/api/v1/admin/sla/breaches/?stage=take").json()["count"] == 1
    today = timezone.localdate().isoformat()
    assert api.get(f"/api/v1/admin/sla/breaches/?from={today}&to={today}").json()["count"] == 3
    assert api.get("/api/v1/admin/sla/breaches/?from=2001-01-01&to=2001-01-02").json()["count"] == 0
    assert api.get("/api/v1/admin/sla/breaches/?from=yesterday").status_code == 400
    assert api.get("/api/v1/admin/sla/breaches/?stage=nap").status_code == 400

    response = api.get(f"/api/v1/admin/sla/breaches/?format=csv&master={master.pk}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeffappointment_id,title,stage")
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text
    assert as_user(make_user(Role.ADMIN, admin_role=AdminRole.MODERATOR.value)).get(
        "/api/v1/admin/sla/breaches/").status_code == 403


def test_the_report_per_stage(as_user, make_user):
    master = make_user(Role.MASTER)
    drive(make_user, "price", master=master)  # take and price met
    _breach(make_user, master=master)  # take met, price breached
    report = as_user(make_user(Role.ADMIN)).get("/api/v1/admin/sla/report/").json()
    stages = {row["stage"]: row for row in report["stages"]}
    assert list(stages) == ["take", "price", "pay", "confirm_payment", "start", "complete"]
    assert stages["take"] == {"stage": "take", "total": 2, "met": 2, "breached": 0, "hit_rate": 1.0,
                              "p50_minutes": stages["take"]["p50_minutes"], "p90_minutes": stages["take"]["p90_minutes"]}
    assert (stages["price"]["total"], stages["price"]["met"], stages["price"]["breached"]) == (2, 1, 1)
    assert stages["price"]["hit_rate"] == 0.5
    assert stages["pay"]["total"] == 0 and stages["pay"]["hit_rate"] is None and stages["pay"]["p50_minutes"] is None
    assert as_user(make_user(Role.ADMIN)).get("/api/v1/admin/sla/report/?from=2026-13-01").status_code == 400


def test_the_admin_list_filters_by_sla(as_user, make_user):
    breached = _breach(make_user)
    warning = drive(make_user, "take")
    SlaClock.objects.filter(appointment=warning, stage="price").update(warn_at=timezone.now() - timedelta(minutes=1))
    drive(make_user, "take")  # on track
    api = as_user(make_user(Role.ADMIN))
    assert [a["id"] for a in api.get("/api/v1/admin/appointments/?sla=breached").json()["results"]] == [breached.pk]
    assert [a["id"] for a in api.get("/api/v1/admin/appointments/?sla=warning").json()["results"]] == [warning.pk]
    assert api.get("/api/v1/admin/appointments/?sla=late").status_code == 400


def test_dashboards_count_breaches_today_and_clocks_in_warning(as_user, make_user):
    master = make_user(Role.MASTER)
    _breach(make_user, master=master)
    _breach(make_user, master=make_user(Role.MASTER))
    warning = drive(make_user, "take", master=master)
    SlaClock.objects.filter(appointment=warning, stage="price").update(warn_at=timezone.now() - timedelta(minutes=1))
    assert as_user(make_user(Role.ADMIN)).get("/api/v1/dashboard/").json()["sla"] == {
        "breaches_today": 2, "in_warning": 1}
    assert as_user(master).get("/api/v1/dashboard/").json()["sla"] == {"breaches_today": 1, "in_warning": 1}
    assert "sla" not in as_user(warning.client).get("/api/v1/dashboard/").json()
