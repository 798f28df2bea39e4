import logging
from datetime import timedelta

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.utils import timezone

from apps.common.capabilities import Role
from apps.common.middleware import RequestIdMiddleware
from apps.common.registry import Unregistered
from apps.platform.actors import job_actor
from apps.platform.events import services as event_services
from apps.platform.events.services import current_cause, emit
from apps.platform.flags.models import FeatureFlag
from apps.platform.middleware import CurrentRequestMiddleware
from apps.platform.models import PlatformEvent

pytestmark = pytest.mark.django_db


def test_emit_records_type_actor_subject_payload_and_request_id(make_user, test_event):
    actor, subject = make_user(Role.ADMIN), make_user()
    emitted = []

    def view(request):
        emitted.append(emit(test_event, actor=actor, subject=subject,
                            payload={"reason": "spam", "when": timezone.now()}))
        return HttpResponse()

    RequestIdMiddleware(view)(RequestFactory().get("/", HTTP_X_REQUEST_ID="req-abc-123"))
    event = PlatformEvent.objects.get(pk=emitted[0].pk)
    assert event.type == "test.happened"
    assert event.actor == actor and event.actor_kind == "user" and event.actor_label == ""
    assert (event.subject_type, event.subject_id) == ("accounts.user", str(subject.pk))
    assert event.subject == subject
    assert event.payload["reason"] == "spam" and isinstance(event.payload["when"], str)
    assert event.request_id == "req-abc-123"
    assert (event.caused_by, event.depth) == (None, 0)


def test_unregistered_types_undescribed_payload_and_unsaved_subjects_are_refused(make_user, test_event):
    with pytest.raises(Unregistered):
        emit("user.teleported", actor=None)
    with pytest.raises(Unregistered, match="not in its description"):
        emit(test_event, actor=None, payload={"reason": "ok", "password": "not described"})
    with pytest.raises(ValueError):
        emit(test_event, actor=None, subject=FeatureFlag(key="unsaved"))
    assert not PlatformEvent.objects.exists()


def test_the_actor_is_never_taken_from_the_request(make_user, test_event):
    """Inside someone's request, an event emitted for nobody (or for the system) stays so."""
    user = make_user()
    request = RequestFactory().get("/")
    request.user = user
    seen = {}

    def view(req):
        seen["nobody"] = emit(test_event, actor=None, subject=user)
        seen["system"] = emit(test_event, actor=job_actor("tests.sweep"))
        return None

    CurrentRequestMiddleware(view)(request)
    assert (seen["nobody"].actor, seen["nobody"].actor_kind) == (None, "anonymous")
    system = PlatformEvent.objects.get(pk=seen["system"].pk)
    assert (system.actor, system.actor_kind, system.actor_label) == (None, "system", "job:tests.sweep")
    with pytest.raises(TypeError):
        emit(test_event)  # no actor given: not allowed


def test_handlers_run_only_after_commit(on_event, django_capture_on_commit_callbacks, test_event):
    calls = []
    on_event(test_event, lambda event: calls.append(event.pk))
    with django_capture_on_commit_callbacks(execute=True):
        event = emit(test_event, actor=None, payload={"key": "x"})
        assert calls == []  # not yet: the transaction has not committed
    assert calls == [event.pk]


def test_nothing_is_dispatched_for_a_rolled_back_transaction(on_event, django_capture_on_commit_callbacks,
                                                             test_event):
    calls = []
    on_event("*", lambda event: calls.append(event.type))
    with (django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError),
          transaction.atomic()):
        emit(test_event, actor=None)
        raise RuntimeError("the caller's action failed")
    assert callbacks == []
    assert calls == []
    assert not PlatformEvent.objects.exists()


def test_handlers_by_type_and_wildcard(on_event, django_capture_on_commit_callbacks, test_event):
    seen = []
    on_event(test_event, lambda e: seen.append(("test", e.type)))
    on_event("*", lambda e: seen.append(("any", e.type)))
    with django_capture_on_commit_callbacks(execute=True):
        emit(test_event, actor=None)
        emit("flag.changed", actor=None)
    assert seen == [("test", "test.happened"), ("any", "test.happened"), ("any", "flag.changed")]


@pytest.mark.django_db(transaction=True)
def test_a_failing_handler_never_breaks_the_caller_nor_other_handlers(on_event, caplog, test_event):
    """Real commits: the caller's write survives, the failing handler's own writes roll back,
    the next handler still runs, and the failure is logged."""
    ran = []

    def failing(event):
        FeatureFlag.objects.create(key="written-by-failing-handler")
        raise RuntimeError("handler bug")

    on_event(test_event, failing)
    on_event(test_event, lambda event: ran.append(event.pk))

    with caplog.at_level(logging.ERROR, logger="apps.platform.events.services"), transaction.atomic():
        FeatureFlag.objects.create(key="callers-write")
        event = emit(test_event, actor=None, payload={"key": "callers-write"})

    assert FeatureFlag.objects.filter(key="callers-write").exists()
    assert PlatformEvent.objects.filter(pk=event.pk).exists()
    assert not FeatureFlag.objects.filter(key="written-by-failing-handler").exists()
    assert ran == [event.pk]
    assert "handler bug" in caplog.text and "failing" in caplog.text


# --- caused_by: chains of events ---------------------------------------------------------------

def test_what_a_handler_emits_is_caused_by_the_event_it_handles(on_event, django_capture_on_commit_callbacks,
                                                                test_event):
    """Each handled event causes the next one level deeper, so a rule engine can stop a chain."""

    def again(event):
        if event.payload.get("step", 0) < 3:
            emit(test_event, actor=job_actor("tests.chain"), payload={"step": event.payload.get("step", 0) + 1})

    on_event(test_event, again)
    with django_capture_on_commit_callbacks(execute=True):
        root = emit(test_event, actor=None, payload={"step": 0})
    events = list(PlatformEvent.objects.order_by("id"))
    assert [(e.payload["step"], e.depth, e.caused_by_id) for e in events] == [
        (0, 0, None), (1, 1, events[0].pk), (2, 2, events[1].pk), (3, 3, events[2].pk)]
    assert [e.pk for e in events[-1].chain()] == [e.pk for e in events]
    assert root.chain() == [root]
    assert list(events[0].effects.all()) == [events[1]]


def test_an_explicit_cause_wins_and_emitting_outside_a_handler_has_none(test_event):
    first = emit(test_event, actor=None)
    second = emit(test_event, actor=None, caused_by=first)
    assert (second.caused_by, second.depth) == (first, 1)
    assert emit(test_event, actor=None).caused_by is None


# --- handlers in the job worker ------------------------------------------------------------------

WORKER_SEEN: list[tuple[int, int | None]] = []


def worker_handler(event):
    """A module-level function: the worker finds it by name."""
    WORKER_SEEN.append((event.pk, current_cause().pk if current_cause() else None))
    emit("flag.changed", actor=job_actor("tests.worker"), payload={"key": "from-the-worker"})


@pytest.fixture
def queued(monkeypatch):
    """Stands in for the broker: keeps what dispatch queues (the test then plays the worker)."""
    jobs = []
    monkeypatch.setattr(event_services.run_event_handler, "delay", lambda *args: jobs.append(args))
    WORKER_SEEN.clear()
    return jobs


def test_a_worker_handler_is_queued_not_run_in_the_request_thread(test_event, django_capture_on_commit_callbacks,
                                                                   queued):
    event_services.register_handler(test_event, worker_handler, in_worker=True)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            event = emit(test_event, actor=None)
        # (the rule engine listens to every event in the worker too, but no rule triggers on this one)
        assert queued == [(event.pk, "apps.platform.tests.test_events.worker_handler")]
        assert WORKER_SEEN == []  # the request did not wait for it
        for args in queued:  # the worker
            event_services.run_event_handler(*args)
    finally:
        event_services.unregister_handler(test_event, worker_handler)
    assert [(event.pk, event.pk)] == WORKER_SEEN
    effect = PlatformEvent.objects.get(type="flag.changed")
    assert (effect.caused_by_id, effect.depth, effect.actor_kind) == (event.pk, 1, "system")


def test_a_worker_handler_runs_through_the_celery_task(test_event, django_capture_on_commit_callbacks):
    """Tests run tasks eagerly: the real task, end to end."""
    WORKER_SEEN.clear()
    event_services.register_handler(test_event, worker_handler, in_worker=True)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            event = emit(test_event, actor=None)
    finally:
        event_services.unregister_handler(test_event, worker_handler)
    assert [(event.pk, event.pk)] == WORKER_SEEN
    assert event_services.run_event_handler(event.pk, "no.such.handler") is False


def test_only_module_level_functions_can_be_worker_handlers(test_event):
    with pytest.raises(ValueError, match="module-level"):
        event_services.register_handler(test_event, lambda event: None, in_worker=True)


def test_handlers_of_unregistered_types_are_reported_and_none_are_today():
    assert event_services.handler_problems() == []  # every app's registrations are sound
    event_services.register_handler("nobody.registered.this", worker_handler)
    try:
        assert event_services.handler_problems() == [
            "Handlers are registered for the unregistered event type 'nobody.registered.this'."]
        from django.core.management import call_command
        from django.core.management.base import SystemCheckError

        with pytest.raises(SystemCheckError, match=r"platform\.E001"):
            call_command("check")
    finally:
        event_services.unregister_handler("nobody.registered.this", worker_handler)


def test_handler_failure_through_the_api_still_answers(api, client_user, on_event, django_capture_on_commit_callbacks):
    from conftest import PASSWORD

    def broken(event):
        raise ValueError("broken handler")

    on_event("*", broken)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/auth/login/", {"username": client_user.username, "password": PASSWORD})
    assert response.status_code == 200
    assert PlatformEvent.objects.filter(type="user.logged_in", actor=client_user).exists()


# --- admin API --------------------------------------------------------------------------------

def test_event_log_is_for_holders_of_events_view(api, as_user, make_user):
    assert api.get("/api/v1/admin/events/").status_code == 401
    for user in (make_user(Role.CLIENT), make_user(Role.MASTER), make_user(Role.ADMIN, admin_role="support")):
        response = as_user(user).get("/api/v1/admin/events/")
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"
    assert as_user(make_user(Role.ADMIN, admin_role="analyst")).get("/api/v1/admin/events/").status_code == 200
    assert as_user(make_user(Role.ADMIN)).get("/api/admin/events/").status_code == 200  # the alias too


def test_event_log_filters(as_user, make_user):
    admin, alice, bob = make_user(Role.ADMIN), make_user(), make_user()
    old = emit("user.banned", actor=admin, subject=alice)
    PlatformEvent.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=10))
    emit("user.unbanned", actor=admin, subject=alice)
    emit("user.logged_in", actor=bob, subject=bob)
    api = as_user(admin)

    def ids(query: str) -> list[str]:
        response = api.get(f"/api/v1/admin/events/?{query}")
        assert response.status_code == 200, response.content
        return [e["type"] for e in response.json()["results"]]

    assert ids("") == ["user.logged_in", "user.unbanned", "user.banned"]  # newest first
    assert ids("type=user.banned&type=user.unbanned") == ["user.unbanned", "user.banned"]
    assert ids(f"actor={bob.pk}") == ["user.logged_in"]
    assert ids(f"subject_type=accounts.user&subject_id={alice.pk}") == ["user.unbanned", "user.banned"]
    today = timezone.localdate().isoformat()
    assert ids(f"date_from={today}") == ["user.logged_in", "user.unbanned"]
    assert ids(f"date_to={(timezone.localdate() - timedelta(days=5)).isoformat()}") == ["user.banned"]
    assert ids(f"date_to={today}") == ["user.logged_in", "user.unbanned", "user.banned"]  # the whole day
    body = api.get("/api/v1/admin/events/?type=user.logged_in").json()
    assert body["count"] == 1
    assert body["results"][0]["actor"] == {"id": bob.pk, "username": bob.username}
    assert set(body["results"][0]) == {"id", "type", "actor", "actor_label", "subject_type", "subject_id",
                                       "target_label", "payload", "request_id", "created_at"}


@pytest.mark.parametrize("query", ["type=user.teleported", "date_from=yesterday", "actor=abc", "actor=-1",
                                   "date_to=2026-13-45", "page=999"])
def test_event_log_bad_filters_are_4xx(as_user, admin_user, query):
    response = as_user(admin_user).get(f"/api/v1/admin/events/?{query}")
    assert response.status_code in (400, 404)
    assert response.json()["code"]


@pytest.mark.parametrize("page_size", [5, 50])
def test_event_log_query_count(as_user, make_user, django_assert_max_num_queries, page_size):
    admin = make_user(Role.ADMIN)
    actors = [make_user() for _ in range(5)]
    for i in range(60):
        emit("user.logged_in", actor=actors[i % 5], subject=actors[i % 5])
    api = as_user(admin)
    with django_assert_max_num_queries(4):  # user, count, page (actors joined)
        response = api.get(f"/api/v1/admin/events/?page_size={page_size}")
    assert len(response.json()["results"]) == page_size


def test_a_worker_handler_is_queued_only_when_it_wants_the_event(test_event, django_capture_on_commit_callbacks,
                                                                 queued, caplog):
    asked = []

    def wanted(event):
        asked.append(event.pk)
        if event.payload["reason"] == "unsure":
            raise RuntimeError("cannot tell")
        return event.payload["reason"] == "wanted"

    event_services.register_handler(test_event, worker_handler, in_worker=True, wanted=wanted)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            skipped = emit(test_event, actor=None, payload={"reason": "nothing to do"})
            taken = emit(test_event, actor=None, payload={"reason": "wanted"})
            unsure = emit(test_event, actor=None, payload={"reason": "unsure"})
        assert asked == [skipped.pk, taken.pk, unsure.pk]  # asked in the dispatching process, before queuing
        assert queued == [(taken.pk, "apps.platform.tests.test_events.worker_handler"),
                          (unsure.pk, "apps.platform.tests.test_events.worker_handler")]  # in doubt: queued
        assert "wanted() failed" in caplog.text
    finally:
        event_services.unregister_handler(test_event, worker_handler)


# --- the broker down when an event commits ------------------------------------------------------

def test_a_worker_handler_the_broker_refused_runs_later_exactly_once(test_event, django_capture_on_commit_callbacks,
                                                                      monkeypatch):
    """Redis down after the commit: the handler is kept, not lost; the requeue job queues it once
    the broker is back, and only once."""
    from apps.platform.events.models import PendingHandlerRun
    from apps.platform.jobs.registry import run_job

    def refused(*args):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    WORKER_SEEN.clear()
    event_services.register_handler(test_event, worker_handler, in_worker=True)
    try:
        monkeypatch.setattr(event_services.run_event_handler, "delay", refused)
        with django_capture_on_commit_callbacks(execute=True):
            event = emit(test_event, actor=None)
        pending = PendingHandlerRun.objects.filter(event=event)
        assert list(pending.values_list("handler", flat=True)) == ["apps.platform.tests.test_events.worker_handler"]
        assert "Connection refused" in pending.first().last_error
        assert WORKER_SEEN == []

        # still down: the row stays, with one more attempt counted
        assert event_services.requeue_pending_handlers() == {"queued": 0, "pending": 1}
        assert list(pending.values_list("attempts", flat=True)) == [2]

        # back: the handler is queued once (eager here: it runs), the row is gone
        monkeypatch.undo()
        result = run_job("events.requeue_handlers")
        assert result["ok"] and result["result"] == {"queued": 1, "pending": 0}
        assert [(event.pk, event.pk)] == WORKER_SEEN
        assert not PendingHandlerRun.objects.exists()
        assert event_services.requeue_pending_handlers() == {"queued": 0, "pending": 0}
        assert [(event.pk, event.pk)] == WORKER_SEEN  # not twice
    finally:
        event_services.unregister_handler(test_event, worker_handler)


# --- after the response ---------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_in_a_request_handlers_run_once_the_response_is_sent(on_event, test_event, make_user):
    """Through Django's WSGI handler, as gunicorn drives it: the body is complete and nothing has
    been dispatched yet; the server's close() runs the handlers, in the request's context (its
    request id, its request), before Django's own close; what they commit is dispatched at once."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.urls import path

    from apps.common.middleware import get_request_id
    from apps.platform.middleware import get_current_request

    user = make_user()
    seen = []

    def first(event):
        seen.append(("first", event.payload["step"], get_request_id(), get_current_request() is not None))
        if event.payload["step"] == 0:
            emit(test_event, actor=None, payload={"step": 1})  # committed by this handler's transaction
    on_event(test_event, first)

    def view(request):
        with transaction.atomic():
            emit(test_event, actor=None, subject=user, payload={"step": 0})
        with transaction.atomic():
            emit(test_event, actor=None, payload={"step": 2})
        assert seen == []  # committed, held
        return HttpResponse(b"answered")

    urlconf = type("urls", (), {"urlpatterns": [path("after-response/", view)]})
    environ = RequestFactory().get("/after-response/", HTTP_X_REQUEST_ID="req-after-1").environ
    started = []
    with override_settings(ROOT_URLCONF=urlconf, ALLOWED_HOSTS=["testserver"]):
        response = WSGIHandler()(environ, lambda status, headers: started.append(status))
        body = b"".join(response)
        assert (started, body, seen) == (["200 OK"], b"answered", [])
        response.close()
    assert seen == [("first", 0, "req-after-1", True), ("first", 1, "req-after-1", True),
                    ("first", 2, "req-after-1", True)]
    assert PlatformEvent.objects.filter(type=test_event).count() == 3


def test_outside_a_request_handlers_run_at_commit(on_event, django_capture_on_commit_callbacks, test_event):
    calls = []
    on_event(test_event, lambda event: calls.append(event.payload["step"]))
    with django_capture_on_commit_callbacks(execute=True):
        emit(test_event, actor=None, payload={"step": 7})
    assert calls == [7]


@pytest.mark.django_db(transaction=True)
def test_a_transition_answers_before_the_others_are_told_and_they_are_told_on_close(make_user):
    """The master's take: the response is written while the client's notification does not exist
    yet; the server's close() writes it."""
    from django.core.handlers.wsgi import WSGIHandler
    from rest_framework_simplejwt.tokens import AccessToken

    from apps.accounts.models import MasterProfile
    from apps.appointments.models import Appointment
    from apps.platform.notifications.models import Notification

    client, master = make_user(Role.CLIENT), make_user(Role.MASTER)
    MasterProfile.objects.update_or_create(user=master, defaults={"status": MasterProfile.Status.ACTIVE})
    appointment = Appointment.objects.create(client=client, title="Fix a sofa")
    environ = RequestFactory().post(f"/api/v1/appointments/{appointment.pk}/take/",
                                    HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(master)}").environ
    response = WSGIHandler()(environ, lambda status, headers: None)
    body = b"".join(response)
    assert b'"status":"IN_REVIEW"' in body.replace(b" ", b"")
    assert not Notification.objects.filter(user=client).exists()
    response.close()
    assert Notification.objects.filter(user=client, type="appointment_update").count() == 1
