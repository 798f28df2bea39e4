"""The rules admin API: catalog, CRUD (audited, versioned), validate, dry runs that change
nothing, and the run log lists."""

from decimal import Decimal

import pytest
from django.apps import apps

from apps.appointments.models import AppointmentStatus
from apps.platform.audit.models import AuditEntry
from apps.platform.events.models import PlatformEvent
from apps.platform.rules.grammar import OPS
from apps.platform.rules.models import Rule, RuleRun, RuleVersion

pytestmark = pytest.mark.django_db
S = AppointmentStatus
BASE = "/api/v1/admin/rules/"
RULE = {"name": "Big price", "trigger": {"type": "event", "event": "appointment.priced"},
        "conditions": {"all": [{"field": "appointment.price", "op": "gte", "value": 10000},
                               {"field": "client.completed_count", "op": "lt", "value": 3}]},
        "actions": [{"type": "tag", "params": {"tag": "big"}}]}


@pytest.fixture
def admin(as_user, admin_user):
    return as_user(admin_user)


def test_catalog_is_generated_from_the_registries(admin):
    body = admin.get(f"{BASE}catalog/").json()
    assert set(body) == {"triggers", "fields", "actions", "limits"}
    fields = {f["field"]: f for f in body["fields"]}
    for name in ("appointment.status", "appointment.price", "appointment.hours_in_status", "appointment.age_hours",
                 "appointment.tags", "appointment.title", "appointment.has_proof", "appointment.rejected_payments",
                 "client.completed_count", "client.cancelled_count", "client.account_age_days",
                 "client.signed_up_via_telegram", "master.rating", "master.completed_count", "event.type",
                 "event.from_status", "event.to_status", "event.actor_role"):
        assert name in fields, name
    assert fields["appointment.price"]["ops"] == list(OPS["number"])
    assert fields["appointment.status"]["choices"] == list(S.values)
    assert "appointment.priced" in fields["event.type"]["choices"]
    assert {a["type"] for a in body["actions"]} == {"notify", "tag", "require_payment_review", "emit_event"}
    notify = next(a for a in body["actions"] if a["type"] == "notify")
    assert notify["params"][0] == {"name": "to", "type": "choices", "required": True,
                                   "choices": ["admins", "client", "master"]}
    assert body["limits"] == {"max_depth": 10, "max_leaves": 100, "max_bytes": 16384, "max_actions": 10}
    event_trigger = next(t for t in body["triggers"] if t["type"] == "event")
    assert "review.left" in [e["event"] for e in event_trigger["events"]]


def test_validate_answers_valid_or_every_error_with_its_path(admin):
    assert admin.post(f"{BASE}validate/", RULE, format="json").json() == {"valid": True}
    bad = {**RULE, "trigger": {"type": "event", "event": "nope"},
           "conditions": {"all": [RULE["conditions"]["all"][0], {"field": "appointment.price", "op": "contains",
                                                                 "value": 1}]},
           "actions": [{"type": "tag", "params": {}}]}
    response = admin.post(f"{BASE}validate/", bad, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_rule"
    assert [(e["path"], e["code"]) for e in body["errors"]] == [
        ("trigger.event", "unknown_trigger"), ("conditions.all.1.op", "unknown_op"),
        ("actions.0.params.tag", "required")]
    assert all(e["detail"] for e in body["errors"])


def test_saving_an_invalid_rule_answers_the_same_400(admin):
    response = admin.post(BASE, {**RULE, "conditions": {"not": {"field": "x.y", "op": "eq", "value": 1}}},
                          format="json")
    assert response.status_code == 400 and response.json()["code"] == "invalid_rule"
    assert response.json()["errors"][0]["path"] == "conditions.not.field"
    assert not Rule.objects.exists()


def test_crud_bumps_the_version_keeps_the_history_and_audits_the_diff(admin, admin_user):
    created = admin.post(BASE, RULE, format="json")
    assert created.status_code == 201, created.content
    rule = created.json()
    assert set(rule) == {"id", "name", "description", "enabled", "mode", "priority", "stop_processing", "trigger",
                         "conditions", "actions", "version", "updated_at", "updated_by"}
    assert (rule["version"], rule["updated_by"], rule["mode"], rule["enabled"]) == (1, admin_user.pk, "live", True)
    url = f"{BASE}{rule['id']}/"
    changed = admin.patch(url, {"mode": "shadow", "priority": 5}, format="json").json()
    assert (changed["version"], changed["mode"], changed["priority"]) == (2, "shadow", 5)
    assert admin.patch(url, {"mode": "shadow"}, format="json").json()["version"] == 2  # no change, no version
    assert list(RuleVersion.objects.filter(rule_id=rule["id"]).values_list("version", flat=True)) == [2, 1]
    assert RuleVersion.objects.get(rule_id=rule["id"], version=1).snapshot["mode"] == "live"
    entry = AuditEntry.objects.get(action="rule.updated")
    assert entry.changes == {"mode": ["live", "shadow"], "priority": [100, 5], "version": [1, 2]}
    assert entry.actor == admin_user
    assert admin.patch(url, {"actions": [{"type": "nope"}]}, format="json").status_code == 400
    assert admin.get(url).json()["version"] == 2
    listed = admin.get(BASE).json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == rule["id"]
    assert admin.delete(url).status_code == 204
    assert admin.get(url).status_code == 404
    assert AuditEntry.objects.filter(action__in=["rule.created", "rule.deleted"]).count() == 2


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_dry_run_of_a_saved_rule_explains_and_changes_nothing(admin, make_appointment):
    rule = admin.post(BASE, RULE, format="json").json()
    appointment = make_appointment(S.AWAITING_PAYMENT, price=Decimal("15000"))
    before = _row_counts()
    response = admin.post(f"{BASE}{rule['id']}/dry-run/", {"appointment_id": appointment.pk}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["matched"] is True
    assert [(t["path"], t["field"], t["actual"], t["result"]) for t in body["trace"]] == [
        ("conditions.all.0", "appointment.price", 15000, True), ("conditions.all.1", "client.completed_count", 0, True)]
    assert body["actions"] == [{"type": "tag", "params": {"tag": "big"}, "would_run": True}]
    assert _row_counts() == before
    appointment.refresh_from_db()
    assert appointment.tags == []


def test_dry_run_of_an_unsaved_rule_changes_nothing_either(admin, make_appointment):
    appointment = make_appointment(S.IN_REVIEW)
    before = _row_counts()
    unsaved = {**RULE, "conditions": {"any": [{"field": "appointment.status", "op": "eq", "value": "NEW"},
                                              {"field": "appointment.title", "op": "contains", "value": "hair"}]}}
    body = admin.post(f"{BASE}dry-run/", {"rule": unsaved, "appointment_id": appointment.pk}, format="json").json()
    assert body["matched"] is True
    assert [t["result"] for t in body["trace"]] == [False, True]
    assert _row_counts() == before
    missing = admin.post(f"{BASE}dry-run/", {"rule": unsaved, "appointment_id": 999999}, format="json")
    assert missing.status_code == 404
    invalid = admin.post(f"{BASE}dry-run/", {"rule": {**RULE, "conditions": {"all": [{"field": "zzz"}]}},
                                             "appointment_id": appointment.pk}, format="json")
    assert invalid.status_code == 400 and invalid.json()["code"] == "invalid_rule"


def test_run_lists_filter_by_rule_appointment_and_outcome(admin, as_user, make_appointment,
                                                         django_capture_on_commit_callbacks):
    first = admin.post(BASE, RULE, format="json").json()
    second = admin.post(BASE, {**RULE, "name": "shadow copy", "mode": "shadow"}, format="json").json()
    appointments = []
    for amount in ("12000", "50"):
        appointment = make_appointment(S.IN_REVIEW)
        with django_capture_on_commit_callbacks(execute=True):
            assert as_user(appointment.master).post(f"/api/v1/appointments/{appointment.pk}/set-price/",
                                                    {"price": amount}, format="json").status_code == 200
        appointments.append(appointment)
    assert RuleRun.objects.count() == 4
    body = admin.get(f"{BASE}{first['id']}/runs/").json()
    assert body["count"] == 2
    run = body["results"][0]
    assert set(run) == {"id", "rule", "rule_version", "event", "appointment", "outcome", "trace", "actions",
                        "duration_us", "created_at"}
    assert (run["rule"], run["appointment"], run["outcome"]) == (first["id"], appointments[1].pk, "not_matched")
    assert run["event"] == PlatformEvent.objects.filter(type="appointment.priced").latest("id").pk
    everything = "/api/v1/admin/rule-runs/"
    assert admin.get(f"{everything}?outcome=shadow").json()["count"] == 1
    assert admin.get(f"{everything}?rule={second['id']}&outcome=not_matched").json()["count"] == 1
    only = admin.get(f"{everything}?appointment={appointments[0].pk}").json()
    assert sorted(r["outcome"] for r in only["results"]) == ["matched", "shadow"]
    assert admin.get(f"{everything}?outcome=bogus").status_code == 400
    assert admin.get("/api/admin/rule-runs/").json() == admin.get(everything).json()
    assert admin.get(f"{BASE}999999/runs/").status_code == 404


def test_seed_demo_adds_three_example_rules_that_act_on_nothing_yet():
    from apps.appointments.rules import seed_example_rules

    assert seed_example_rules() == 3
    assert seed_example_rules() == 0  # idempotent
    rules = list(Rule.objects.order_by("priority"))
    assert len(rules) == 3
    assert all(rule.mode == "shadow" or not rule.enabled for rule in rules)
    assert [rule.trigger.get("event", rule.trigger["type"]) for rule in rules] == [
        "appointment.marked_paid", "duration", "review.left"]


def test_the_list_carries_the_last_run_and_the_runs_and_errors_of_7_days_in_one_query(admin):
    from datetime import timedelta

    from django.utils import timezone

    busy = Rule.objects.create(name="busy", trigger=RULE["trigger"], conditions=RULE["conditions"],
                               actions=RULE["actions"])
    Rule.objects.create(name="idle", priority=200, trigger=RULE["trigger"], conditions={"all": []}, actions=[])
    now = timezone.now()
    for n, (outcome, days_ago) in enumerate([("matched", 1), ("error", 2), ("not_matched", 3), ("error", 8),
                                             ("matched", 30)]):
        RuleRun.objects.create(rule=busy, rule_version=1, key=f"k{n}", outcome=outcome,
                               created_at=now - timedelta(days=days_ago))
    # The newest run by id is the last one (created_at of the newest row).
    newest = RuleRun.objects.create(rule=busy, rule_version=1, key="newest", outcome="shadow",
                                    created_at=now - timedelta(minutes=5))
    rows = {r["name"]: r for r in admin.get(BASE).json()["results"]}
    assert (rows["busy"]["runs_7d"], rows["busy"]["errors_7d"]) == (4, 1)
    assert rows["busy"]["last_run_at"] == newest.created_at.isoformat().replace("+00:00", "Z")
    assert (rows["idle"]["runs_7d"], rows["idle"]["errors_7d"], rows["idle"]["last_run_at"]) == (0, 0, None)
    assert "runs_7d" not in admin.get(f"{BASE}{busy.pk}/").json()  # the figures are the list's

    def queries_for_the_page() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert admin.get(BASE).status_code == 200
        return len(captured)

    few = queries_for_the_page()
    for i in range(20):
        rule = Rule.objects.create(name=f"more {i}", trigger=RULE["trigger"], conditions={"all": []}, actions=[])
        RuleRun.objects.create(rule=rule, rule_version=1, key="k", outcome="error")
    assert queries_for_the_page() == few
