import logging
from datetime import timedelta

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from apps.common.capabilities import Role
from apps.common.middleware import RequestIdMiddleware
from apps.platform.events.services import emit
from apps.platform.events.types import EventType
from apps.platform.flags.models import FeatureFlag
from apps.platform.middleware import CurrentRequestMiddleware
from apps.platform.models import PlatformEvent

pytestmark = pytest.mark.django_db


def test_emit_records_type_actor_subject_payload_and_request_id(make_user):
    actor, subject = make_user(Role.ADMIN), make_user()
    emitted = []

    def view(request):
        emitted.append(emit(EventType.USER_BANNED, actor=actor, subject=subject,
                            payload={"reason": "spam", "when": timezone.now()}))
        return HttpResponse()

    RequestIdMiddleware(view)(RequestFactory().get("/", HTTP_X_REQUEST_ID="req-abc-123"))
    event = PlatformEvent.objects.get(pk=emitted[0].pk)
    assert event.type == "user.banned"
    assert event.actor == actor
    assert (event.subject_type, event.subject_id) == ("accounts.user", str(subject.pk))
    assert event.subject == subject
    assert event.payload["reason"] == "spam" and isinstance(event.payload["when"], str)
    assert event.request_id == "req-abc-123"


def test_unknown_event_types_and_unsaved_subjects_are_refused(make_user):
    with pytest.raises(ValueError):
        emit("user.teleported", actor=None)
    with pytest.raises(ValueError):
        emit(EventType.USER_BANNED, subject=FeatureFlag(key="unsaved"))
    assert not PlatformEvent.objects.exists()


def test_actor_defaults_to_the_authenticated_user_of_the_request(make_user):
    user = make_user()
    request = RequestFactory().get("/")
    request.user = user
    seen = {}

    def view(req):
        seen["event"] = emit(EventType.USER_PROFILE_UPDATED, subject=user)
        return None

    CurrentRequestMiddleware(view)(request)
    assert seen["event"].actor == user
    # outside a request there is no actor
    assert emit(EventType.SLA_BREACHED).actor is None


def test_handlers_run_only_after_commit(on_event, django_capture_on_commit_callbacks):
    calls = []
    on_event(EventType.FLAG_CHANGED, lambda event: calls.append(event.pk))
    with django_capture_on_commit_callbacks(execute=True):
        event = emit(EventType.FLAG_CHANGED, payload={"key": "x"})
        assert calls == []  # not yet: the transaction has not committed
    assert calls == [event.pk]


def test_nothing_is_dispatched_for_a_rolled_back_transaction(on_event, django_capture_on_commit_callbacks):
    calls = []
    on_event("*", lambda event: calls.append(event.type))
    with (django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError),
          transaction.atomic()):
        emit(EventType.FLAG_CHANGED)
        raise RuntimeError("the caller's action failed")
    assert callbacks == []
    assert calls == []
    assert not PlatformEvent.objects.exists()


def test_handlers_by_type_and_wildcard(on_event, django_capture_on_commit_callbacks):
    seen = []
    on_event(EventType.USER_BANNED, lambda e: seen.append(("banned", e.type)))
    on_event("*", lambda e: seen.append(("any", e.type)))
    with django_capture_on_commit_callbacks(execute=True):
        emit(EventType.USER_BANNED)
        emit(EventType.USER_UNBANNED)
    assert seen == [("banned", "user.banned"), ("any", "user.banned"), ("any", "user.unbanned")]


@pytest.mark.django_db(transaction=True)
def test_a_failing_handler_never_breaks_the_caller_nor_other_handlers(on_event, caplog):
    """Real commits: the caller's write survives, the failing handler's own writes roll back,
    the next handler still runs, and the failure is logged."""
    ran = []

    def failing(event):
        FeatureFlag.objects.create(key="written-by-failing-handler")
        raise RuntimeError("handler bug")

    on_event(EventType.FLAG_CHANGED, failing)
    on_event(EventType.FLAG_CHANGED, lambda event: ran.append(event.pk))

    with caplog.at_level(logging.ERROR, logger="apps.platform.events.services"), transaction.atomic():
        FeatureFlag.objects.create(key="callers-write")
        event = emit(EventType.FLAG_CHANGED, payload={"key": "callers-write"})

    assert FeatureFlag.objects.filter(key="callers-write").exists()
    assert PlatformEvent.objects.filter(pk=event.pk).exists()
    assert not FeatureFlag.objects.filter(key="written-by-failing-handler").exists()
    assert ran == [event.pk]
    assert "handler bug" in caplog.text and "failing" in caplog.text


def test_handler_failure_through_the_api_still_answers(api, client_user, on_event, django_capture_on_commit_callbacks):
    from conftest import PASSWORD

    def broken(event):
        raise ValueError("broken handler")

    on_event("*", broken)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/auth/login/", {"username": client_user.username, "password": PASSWORD})
    assert response.status_code == 200
    assert PlatformEvent.objects.filter(type=EventType.USER_LOGGED_IN, actor=client_user).exists()


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
    old = emit(EventType.USER_BANNED, actor=admin, subject=alice)
    PlatformEvent.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=10))
    emit(EventType.USER_UNBANNED, actor=admin, subject=alice)
    emit(EventType.USER_LOGGED_IN, actor=bob, subject=bob)
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
        emit(EventType.USER_LOGGED_IN, actor=actors[i % 5], subject=actors[i % 5])
    api = as_user(admin)
    with django_assert_max_num_queries(4):  # user, count, page (actors joined)
        response = api.get(f"/api/v1/admin/events/?page_size={page_size}")
    assert len(response.json()["results"]) == page_size
