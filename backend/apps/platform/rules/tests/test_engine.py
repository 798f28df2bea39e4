"""The engine end to end on real transitions: runs after commit in the worker (eager in tests),
the run log, shadow mode, priorities, exactly-once, loop and depth guards, failing actions,
auto-disable, the kill switch, the duration sweep, and what the appointment actions change."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.appointments.models import Appointment, AppointmentEvent, AppointmentStatus
from apps.common.capabilities import Role
from apps.platform.events.models import PlatformEvent
from apps.platform.events.services import run_event_handler
from apps.platform.flags.models import FeatureFlag
from apps.platform.notifications.models import Notification
from apps.platform.rules.engine import duration_sweep
from apps.platform.rules.models import Rule, RuleRun
from apps.platform.rules.services import rule_create

pytestmark = pytest.mark.django_db
S = AppointmentStatus
ENGINE = "apps.platform.rules.engine.rules_on_event"
BIG = {"field": "appointment.price", "op": "gte", "value": 10000}


def make_rule(admin, *, event="appointment.priced", conditions=None, actions=None, **fields) -> Rule:
    return rule_create(actor=admin, data={
        "name": fields.pop("name", "rule"), "trigger": {"type": "event", "event": event},
        "conditions": conditions if conditions is not None else {"all": [BIG]},
        "actions": actions if actions is not None else [{"type": "tag", "params": {"tag": "big"}}], **fields})


def failing_rule(admin, actions) -> Rule:
    """A rule whose stored actions fail when run (a tag no appointment can carry). Saving refuses
    such a tag, so the row is written past validation, as a rule saved before the check was."""
    rule = make_rule(admin)
    Rule.objects.filter(pk=rule.pk).update(actions=actions)
    rule.refresh_from_db()
    return rule


@pytest.fixture
def priced(as_user, make_appointment, django_capture_on_commit_callbacks):
    """Set the price of a fresh IN_REVIEW appointment through the API (rules run after commit)."""
    def price(amount: str = "12000", appointment=None) -> Appointment:
        appointment = appointment or make_appointment(S.IN_REVIEW)
        with django_capture_on_commit_callbacks(execute=True):
            response = as_user(appointment.master).post(f"/api/v1/appointments/{appointment.pk}/set-price/",
                                                        {"price": amount}, format="json")
        assert response.status_code == 200, response.content
        appointment.refresh_from_db()
        return appointment
    return price


def test_a_matching_rule_acts_after_commit_and_logs_its_run(admin_user, priced):
    rule = make_rule(admin_user)
    appointment = priced("12000")
    assert appointment.tags == ["big"]
    run = RuleRun.objects.get(rule=rule)
    event = PlatformEvent.objects.get(type="appointment.priced")
    assert (run.outcome, run.rule_version, run.event_id, run.appointment_id) == ("matched", 1, event.pk, appointment.pk)
    assert run.trace == [{"path": "conditions.all.0", "field": "appointment.price", "op": "gte", "expected": 10000,
                          "actual": 12000, "result": True}]
    assert run.actions == [{"type": "tag", "ok": True, "detail": "tagged"}]
    assert run.key == f"event:{event.pk}"


def test_a_rule_that_does_not_match_logs_not_matched_and_does_nothing(admin_user, priced):
    rule = make_rule(admin_user)
    appointment = priced("500")
    assert appointment.tags == []
    assert RuleRun.objects.get(rule=rule).outcome == "not_matched"


def test_shadow_rules_log_but_act_on_nothing(admin_user, priced):
    rule = make_rule(admin_user, mode="shadow")
    appointment = priced("12000")
    assert appointment.tags == []
    run = RuleRun.objects.get(rule=rule)
    assert run.outcome == "shadow"
    assert run.actions == [{"type": "tag", "ok": None, "detail": "shadow mode: not run"}]


def test_rules_run_by_priority_and_stop_processing_ends_the_chain(admin_user, priced):
    late = make_rule(admin_user, priority=20, actions=[{"type": "tag", "params": {"tag": "late"}}])
    first = make_rule(admin_user, priority=5, stop_processing=True, actions=[{"type": "tag", "params": {"tag": "a"}}])
    appointment = priced("12000")
    assert appointment.tags == ["a"]
    assert list(RuleRun.objects.values_list("rule_id", flat=True)) == [first.pk]
    assert not RuleRun.objects.filter(rule=late).exists()


def test_disabled_rules_and_other_event_types_do_not_run(admin_user, priced):
    make_rule(admin_user, enabled=False)
    make_rule(admin_user, event="appointment.taken")
    priced("12000")
    assert not RuleRun.objects.exists()


def test_one_run_per_rule_and_event_even_when_the_handler_is_retried(admin_user, priced):
    rule = make_rule(admin_user, actions=[{"type": "emit_event", "params": {"name": "big-price"}}])
    priced("12000")
    event = PlatformEvent.objects.get(type="appointment.priced")
    assert run_event_handler(event.pk, ENGINE) is True  # the worker runs it again (a retry)
    assert run_event_handler(event.pk, ENGINE) is True
    assert RuleRun.objects.filter(rule=rule).count() == 1
    assert PlatformEvent.objects.filter(type="rule.fired").count() == 1


def test_a_rule_never_fires_on_its_own_effects(admin_user, priced):
    make_rule(admin_user, name="starter", actions=[{"type": "emit_event", "params": {"name": "go"}}])
    echo = make_rule(admin_user, name="echo", event="rule.fired", conditions={"all": []},
                     actions=[{"type": "emit_event", "params": {"name": "echo"}}])
    priced("12000")
    # echo ran on the starter's event, not on the one it emitted itself
    assert RuleRun.objects.filter(rule=echo).count() == 1
    fired = PlatformEvent.objects.filter(type="rule.fired").order_by("id")
    assert [(e.depth, e.actor_label, e.payload["name"]) for e in fired] == [
        (1, f"rule:{echo.pk - 1}", "go"), (2, f"rule:{echo.pk}", "echo")]


def test_chains_stop_at_depth_three(admin_user, priced):
    make_rule(admin_user, name="starter", actions=[{"type": "emit_event", "params": {"name": "go"}}])
    ping = make_rule(admin_user, name="ping", event="rule.fired", conditions={"all": []},
                     actions=[{"type": "emit_event", "params": {"name": "ping"}}])
    pong = make_rule(admin_user, name="pong", event="rule.fired", conditions={"all": []},
                     actions=[{"type": "emit_event", "params": {"name": "pong"}}])
    priced("12000")
    depths = list(PlatformEvent.objects.filter(type="rule.fired").values_list("depth", flat=True))
    assert max(depths) == 3
    deepest = PlatformEvent.objects.filter(type="rule.fired", depth=3)
    assert deepest.exists() and not RuleRun.objects.filter(event__in=deepest).exists()
    assert RuleRun.objects.filter(rule__in=[ping, pong]).count() == 4  # 2 on depth 1, 1 each on depth 2


def test_a_failing_action_is_an_error_run_and_the_request_still_succeeded(admin_user, priced):
    rule = failing_rule(admin_user, [{"type": "tag", "params": {"tag": "ok"}},
                                     {"type": "tag", "params": {"tag": "Not A Tag!"}}])
    appointment = priced("12000")
    assert appointment.status == S.AWAITING_PAYMENT and appointment.price == Decimal("12000")
    assert appointment.tags == ["ok"]  # the action that worked kept its effect, the failing one left none
    run = RuleRun.objects.get(rule=rule)
    assert run.outcome == "error"
    assert [a["ok"] for a in run.actions] == [True, False]
    assert "tag" in run.actions[1]["detail"].lower()
    rule.refresh_from_db()
    assert rule.consecutive_errors == 1 and rule.enabled


def test_five_errors_in_a_row_disable_the_rule_and_tell_the_admins(admin_user, priced, make_user):
    rule = failing_rule(admin_user, [{"type": "tag", "params": {"tag": "Not A Tag!"}}])
    support = make_user(Role.ADMIN, admin_role="support")  # does not manage rules
    for _ in range(5):
        priced("12000")
    rule.refresh_from_db()
    assert not rule.enabled and rule.version == 2
    assert RuleRun.objects.filter(rule=rule, outcome="error").count() == 5
    notice = Notification.objects.get(type="rule_disabled")
    assert notice.user == admin_user and notice.data["rule_id"] == rule.pk
    assert not Notification.objects.filter(user=support, type="rule_disabled").exists()
    priced("12000")
    assert RuleRun.objects.filter(rule=rule).count() == 5  # off: no sixth run


def test_a_success_resets_the_error_count(admin_user, priced):
    rule = failing_rule(admin_user, [{"type": "tag", "params": {"tag": "Not A Tag!"}}])
    for _ in range(4):
        priced("12000")
    priced("10")  # not matched: no error
    rule.refresh_from_db()
    assert rule.consecutive_errors == 0 and rule.enabled


def test_the_kill_switch_stops_everything(admin_user, priced, make_appointment):
    rule = make_rule(admin_user)
    Rule.objects.create(name="waiting", trigger={"type": "duration", "status": "NEW", "hours": 1},
                        conditions={"all": []}, actions=[{"type": "tag", "params": {"tag": "late"}}])
    FeatureFlag.objects.filter(key="rules_engine").update(enabled=False)
    from django.core.cache import cache
    cache.clear()
    appointment = priced("12000")
    assert appointment.tags == [] and not RuleRun.objects.filter(rule=rule).exists()
    assert duration_sweep()["skipped"]
    assert not RuleRun.objects.exists()


def _enter(appointment, status, *, hours_ago: float, from_status: str = "") -> AppointmentEvent:
    event = AppointmentEvent.objects.create(appointment=appointment, type="status_set", from_status=from_status,
                                            to_status=status)
    AppointmentEvent.objects.filter(pk=event.pk).update(created_at=timezone.now() - timedelta(hours=hours_ago))
    return event


def test_duration_rules_fire_once_per_entry_into_the_status(admin_user, make_appointment):
    rule = rule_create(actor=admin_user, data={
        "name": "waiting", "trigger": {"type": "duration", "status": "NEW", "hours": 24},
        "actions": [{"type": "notify", "params": {"to": ["admins"], "message": "Waiting for a day"}}]})
    old = make_appointment(S.NEW)
    entry = _enter(old, S.NEW, hours_ago=25)
    fresh = make_appointment(S.NEW)
    _enter(fresh, S.NEW, hours_ago=2)
    result = duration_sweep()
    assert result == {"evaluated": 1, "matched": 1}, list(RuleRun.objects.values("outcome", "actions"))
    assert duration_sweep() == {"evaluated": 0, "matched": 0}  # the same entry: never again
    run = RuleRun.objects.get(rule=rule)
    assert (run.appointment_id, run.key, run.event_id) == (old.pk, f"duration:{old.pk}:{entry.pk}", None)
    assert Notification.objects.filter(user=admin_user, type="rule_notice").count() == 1
    # it left NEW and came back: a new entry fires again
    _enter(old, S.IN_REVIEW, hours_ago=24.9, from_status=S.NEW)
    _enter(old, S.NEW, hours_ago=24.5, from_status=S.IN_REVIEW)
    assert duration_sweep() == {"evaluated": 1, "matched": 1}
    assert RuleRun.objects.filter(rule=rule).count() == 2


def test_require_payment_review_blocks_the_master_not_the_admin(admin_user, as_user, make_appointment,
                                                               django_capture_on_commit_callbacks):
    rule_create(actor=admin_user, data={
        "name": "review", "trigger": {"type": "event", "event": "appointment.marked_paid"},
        "conditions": {"all": [{"field": "appointment.price", "op": "gt", "value": 1000},
                               {"field": "client.completed_count", "op": "eq", "value": 0}]},
        "actions": [{"type": "require_payment_review", "params": {"reason": "large payment, new client"}}]})
    appointment = make_appointment(S.AWAITING_PAYMENT, price=Decimal("5000"))
    from apps.appointments.services import _attach_proof  # noqa: F401  (the API path needs a file)
    from apps.appointments.tests.helpers import image_bytes, upload

    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(appointment.client).post(f"/api/v1/appointments/{appointment.pk}/mark-paid/",
                                                    {"file": upload(image_bytes())}, format="multipart")
    assert response.status_code == 200, response.content
    master = as_user(appointment.master)
    body = master.get(f"/api/v1/appointments/{appointment.pk}/").json()
    assert body["payment"]["review_required"] is True
    assert body["payment"]["review_reason"] == "large payment, new client"
    assert "confirm_payment" not in body["allowed_actions"] and "reject_payment" in body["allowed_actions"]
    refused = master.post(f"/api/v1/appointments/{appointment.pk}/confirm-payment/")
    assert refused.status_code == 403 and refused.json()["code"] == "payment_review_required"
    client_view = as_user(appointment.client).get(f"/api/v1/appointments/{appointment.pk}/").json()
    assert client_view["payment"]["review_required"] is True and client_view["payment"]["review_reason"] == ""
    confirmed = as_user(admin_user).post(f"/api/v1/admin/appointments/{appointment.pk}/confirm-payment/")
    assert confirmed.status_code == 200 and confirmed.json()["status"] == S.PAID


def test_tags_are_shown_to_admins_and_the_master_and_filter_the_admin_list(admin_user, as_user, priced,
                                                                         make_appointment):
    make_rule(admin_user)
    tagged = priced("12000")
    other = priced("10")
    detail = f"/api/v1/appointments/{tagged.pk}/"
    assert as_user(tagged.master).get(detail).json()["tags"] == ["big"]
    assert as_user(admin_user).get(detail).json()["tags"] == ["big"]
    assert as_user(tagged.client).get(detail).json()["tags"] == []
    listed = as_user(admin_user).get("/api/v1/admin/appointments/?tag=big").json()
    assert [row["id"] for row in listed["results"]] == [tagged.pk]
    assert other.pk not in [row["id"] for row in listed["results"]]
    assert as_user(admin_user).get("/api/v1/admin/appointments/?tag=Bad!").status_code == 400


def test_a_tag_in_the_owners_language_is_set_and_filters_and_a_bad_one_is_refused_at_save(admin_user, as_user,
                                                                                          priced):
    """An owner tags in Russian ("срочно"): the rule saves, fires, and `?tag=` finds it; a tag that
    can never be stored (spaces, punctuation) is refused when the rule is saved, at the param's
    path, not left to fail every run."""
    make_rule(admin_user, actions=[{"type": "tag", "params": {"tag": "Срочно"}}])
    tagged = priced("12000")
    assert tagged.tags == ["срочно"]
    admin = as_user(admin_user)
    listed = admin.get("/api/v1/admin/appointments/", {"tag": "срочно"}).json()
    assert [row["id"] for row in listed["results"]] == [tagged.pk]
    bad = {"name": "bad", "trigger": {"type": "event", "event": "appointment.priced"}, "conditions": {"all": []},
           "actions": [{"type": "tag", "params": {"tag": "очень срочно!"}}]}
    response = admin.post("/api/v1/admin/rules/", bad, format="json")
    assert response.status_code == 400
    assert [e["path"] for e in response.json()["errors"]] == ["actions.0.params.tag"]


def test_the_engine_is_queued_only_for_events_an_enabled_rule_triggers_on(admin_user, make_appointment,
                                                                          django_capture_on_commit_callbacks,
                                                                          monkeypatch):
    """A chat message or a price with no rule on it costs no engine job; a rule on the event does."""
    from apps.appointments import services as appointments
    from apps.platform.events import services as event_services

    queued = []
    monkeypatch.setattr(event_services.run_event_handler, "delay", lambda *args: queued.append(args))

    def set_price(amount):
        appointment = make_appointment(S.IN_REVIEW)
        with django_capture_on_commit_callbacks(execute=True):
            appointments.appointment_set_price(appointment_id=appointment.pk, actor=appointment.master,
                                               price=Decimal(amount))
        return PlatformEvent.objects.get(type="appointment.priced", subject_id=str(appointment.pk))

    def engine_jobs():
        return [event_id for event_id, handler in queued if handler == ENGINE]

    disabled = make_rule(admin_user, enabled=False)
    make_rule(admin_user, event="appointment.taken")
    quiet = set_price("12000")
    assert quiet.pk not in engine_jobs()  # only a disabled rule, and one on another event

    Rule.objects.filter(pk=disabled.pk).update(enabled=True)
    loud = set_price("12000")
    assert loud.pk in engine_jobs()
    run_event_handler(loud.pk, ENGINE)  # the worker
    assert RuleRun.objects.filter(rule=disabled, key=f"event:{loud.pk}").count() == 1
