from datetime import timedelta

import pytest
from django.utils import timezone

from apps.common.capabilities import Role
from apps.platform.notifications.models import Notification, NotificationPreference
from apps.platform.notifications.services import notify

pytestmark = pytest.mark.django_db



class N:
    """Notification types these tests send (registered by the apps that own them)."""

    APPOINTMENT_UPDATE = "appointment_update"
    PAYMENT_REJECTED = "payment_rejected"
    NEW_MESSAGE = "new_message"
    REVIEW_RECEIVED = "review_received"
    SYSTEM = "system"


def _inbox(api, query: str = "") -> list[str]:
    response = api.get(f"/api/v1/notifications/{query}")
    assert response.status_code == 200, response.content
    return [n["title"] for n in response.json()["results"]]


def test_inbox_lists_only_the_callers_notifications_newest_first(as_user, make_user):
    anna, boris = make_user(), make_user()
    subject = make_user(Role.MASTER)
    notify(user=anna, type=N.APPOINTMENT_UPDATE, title="first", body="b1", subject=subject, data={"appointment_id": 7})
    notify(user=anna, type=N.NEW_MESSAGE, title="second")
    notify(user=boris, type=N.NEW_MESSAGE, title="not for anna")
    api = as_user(anna)
    assert _inbox(api) == ["second", "first"]
    item = api.get("/api/v1/notifications/").json()["results"][1]
    assert item["subject_type"] == "accounts.user" and item["subject_id"] == str(subject.pk)
    assert item["data"] == {"appointment_id": 7} and item["is_read"] is False and item["critical"] is False
    assert set(item) == {"id", "type", "title", "body", "data", "subject_type", "subject_id", "is_read", "read_at",
                         "critical", "created_at", "bumped_at"}


def test_unread_filter_count_and_mark_read(as_user, make_user):
    user = make_user()
    first = notify(user=user, type=N.APPOINTMENT_UPDATE, title="one")
    notify(user=user, type=N.APPOINTMENT_UPDATE, title="two")
    api = as_user(user)
    assert api.get("/api/v1/notifications/unread-count/").json() == {"count": 2}

    read = api.post(f"/api/v1/notifications/{first.pk}/read/")
    assert read.status_code == 200 and read.json()["is_read"] is True
    read_at = read.json()["read_at"]
    assert api.post(f"/api/v1/notifications/{first.pk}/read/").json()["read_at"] == read_at  # idempotent
    assert api.get("/api/v1/notifications/unread-count/").json() == {"count": 1}
    assert _inbox(api, "?unread=true") == ["two"]
    assert _inbox(api, "?unread=false") == ["one"]
    assert _inbox(api, "?unread=1") == ["two"]

    assert api.post("/api/v1/notifications/read-all/").json() == {"updated": 1}
    assert api.get("/api/v1/notifications/unread-count/").json() == {"count": 0}
    assert _inbox(api, "?unread=true") == []


def test_someone_elses_notification_is_not_found(as_user, make_user):
    owner, stranger = make_user(), make_user()
    notification = notify(user=owner, type=N.NEW_MESSAGE, title="private")
    response = as_user(stranger).post(f"/api/v1/notifications/{notification.pk}/read/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert as_user(stranger).get("/api/v1/notifications/").json()["count"] == 0
    assert as_user(stranger).post("/api/v1/notifications/read-all/").json() == {"updated": 0}
    notification.refresh_from_db()
    assert notification.read_at is None
    for path in ("/api/v1/notifications/99999999999999999999/read/", "/api/v1/notifications/abc/read/",
                 "/api/v1/notifications/9223372036854775807/read/"):
        assert as_user(owner).post(path).status_code == 404


def test_inbox_needs_a_signed_in_user(api):
    for method, path in (("get", "/api/v1/notifications/"), ("get", "/api/v1/notifications/unread-count/"),
                         ("post", "/api/v1/notifications/read-all/"), ("get", "/api/v1/notifications/preferences/"),
                         ("post", "/api/v1/notifications/1/read/")):
        assert getattr(api, method)(path).status_code == 401, path


def test_bad_unread_value_is_a_400(as_user, client_user):
    response = as_user(client_user).get("/api/v1/notifications/?unread=perhaps")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_old_read_notifications_stay_visible_until_pruned(as_user, make_user):
    user = make_user()
    old = notify(user=user, type=N.SYSTEM, title="old")
    Notification.objects.filter(pk=old.pk).update(read_at=timezone.now() - timedelta(days=200))
    assert _inbox(as_user(user)) == ["old"]


@pytest.mark.parametrize("page_size", [5, 50])
def test_inbox_query_count(as_user, make_user, django_assert_max_num_queries, page_size):
    user = make_user()
    for i in range(60):
        notify(user=user, type=N.APPOINTMENT_UPDATE, title=f"n{i}")
    api = as_user(user)
    with django_assert_max_num_queries(3):  # user, count, page
        response = api.get(f"/api/v1/notifications/?page_size={page_size}&unread=true")
    assert len(response.json()["results"]) == page_size


# --- preferences ------------------------------------------------------------------------------

def test_preferences_default_on_and_channel_availability(as_user, make_user, settings):
    settings.EMAIL_ENABLED = False
    user = make_user(telegram_id=5551234, email="a@example.com")
    body = as_user(user).get("/api/v1/notifications/preferences/").json()
    assert body["preferences"]["new_message"] == {"in_app": True, "telegram": True, "email": True}
    # a client is offered the types that concern everyone, not the masters' or admins' ones;
    assert list(body["preferences"]) == [  # the domains' types in app order, the platform's own last
        "master_status", "appointment_update", "payment_proof_uploaded", "payment_confirmed", "payment_rejected",
        "payment_reminder", "new_message", "review_received", "system", "rule_notice"]
    assert body["critical_types"] == ["master_status", "payment_rejected", "system"]
    assert body["channels"] == [{"channel": "in_app", "available": True}, {"channel": "telegram", "available": True},
                                {"channel": "email", "available": False}]


def test_preferences_update_and_critical_types_stay_on(as_user, make_user):
    user = make_user()
    api = as_user(user)
    response = api.put("/api/v1/notifications/preferences/",
                       {"preferences": {"new_message": {"telegram": False, "email": False}}}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["preferences"]["new_message"] == {"in_app": True, "telegram": False, "email": False}
    api.put("/api/v1/notifications/preferences/", {"preferences": {"new_message": {"email": True}}}, format="json")
    assert api.get("/api/v1/notifications/preferences/").json()["preferences"]["new_message"] == {
        "in_app": True, "telegram": False, "email": True}
    assert NotificationPreference.objects.filter(user=user).count() == 2

    refused = api.put("/api/v1/notifications/preferences/",
                      {"preferences": {"payment_rejected": {"telegram": False}, "new_message": {"in_app": False}}},
                      format="json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "notification_critical"
    assert refused.json()["types"] == ["payment_rejected"]
    # nothing of the refused request was applied
    assert api.get("/api/v1/notifications/preferences/").json()["preferences"]["new_message"]["in_app"] is True
    # switching a critical type "on" is harmless
    assert api.put("/api/v1/notifications/preferences/", {"preferences": {"system": {"email": True}}},
                   format="json").status_code == 200


@pytest.mark.parametrize("payload", [
    {"preferences": {"gossip": {"email": False}}},
    {"preferences": {"new_message": {"pigeon": False}}},
    {"preferences": {"new_message": {"email": "sometimes"}}},
    {"preferences": {"new_message": False}},
    {"preferences": []},
    {},
])
def test_preferences_validation(as_user, client_user, payload):
    response = as_user(client_user).put("/api/v1/notifications/preferences/", payload, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["code"]
    assert not NotificationPreference.objects.exists()
