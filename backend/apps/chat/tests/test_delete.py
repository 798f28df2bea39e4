"""Soft delete: the text disappears from every response for everyone, a placeholder keeps the
message's place, the timeline and the platform log record it once, moderators keep the original."""

import json

import pytest

from apps.appointments.models import AppointmentEvent
from apps.chat.models import Message
from apps.common.capabilities import Role
from apps.common.testing import api_at_once
from apps.platform.audit.models import AuditEntry
from apps.platform.events.models import PlatformEvent
from apps.platform.notifications.models import Notification

pytestmark = pytest.mark.django_db

SECRET = "мой номер карты 2200 1234 5678 9012"


def _everything_a_user_can_read(api, appointment, message_id) -> str:
    """Every response of the API that could carry the message, as one string."""
    bodies = [
        api.get(f"/api/v1/appointments/{appointment.id}/messages/"),
        api.get(f"/api/v1/appointments/{appointment.id}/messages/?after=0"),
        api.get(f"/api/v1/messages/{message_id}/"),
        api.get(f"/api/v1/appointments/{appointment.id}/"),
        api.get(f"/api/v1/appointments/{appointment.id}/events/"),
        api.get("/api/v1/appointments/my/"),
        api.get("/api/v1/notifications/"),
        api.get("/api/v1/dashboard/"),
    ]
    for response in bodies:
        assert response.status_code == 200, response.content
    return json.dumps([r.json() for r in bodies], ensure_ascii=False)


def test_sender_deletes_and_both_sides_see_a_placeholder_without_the_text(
        as_user, chat, say, django_capture_on_commit_callbacks):
    for sender, text in ((chat.master, "Здравствуйте"), (chat.client, SECRET),
                         (chat.master, "Не присылайте сюда реквизиты карты")):
        with django_capture_on_commit_callbacks(execute=True):  # notifications included
            sent = say(sender, chat, text)
        if text == SECRET:
            secret = sent
    assert Notification.objects.filter(user=chat.master).exists()

    response = as_user(chat.client).delete(f"/api/v1/messages/{secret['id']}/")
    assert response.status_code == 204

    for user in (chat.client, chat.master):
        api = as_user(user)
        assert SECRET not in _everything_a_user_can_read(api, chat, secret["id"])
        results = api.get(f"/api/v1/appointments/{chat.id}/messages/").json()["results"]
        assert [m["is_deleted"] for m in results] == [False, True, False]
        placeholder = results[1]
        assert placeholder["id"] == secret["id"]
        assert placeholder["text"] == ""
        assert placeholder["sender"]["id"] == chat.client.id
        assert placeholder["deleted_at"] is not None
        assert placeholder["deleted_by_moderator"] is False


def test_deleting_records_the_timeline_and_platform_events_once_and_a_second_delete_is_harmless(
        as_user, chat, say):
    message = say(chat.client, chat, SECRET)
    api = as_user(chat.client)
    assert api.delete(f"/api/v1/messages/{message['id']}/").status_code == 204
    assert api.delete(f"/api/v1/messages/{message['id']}/").status_code == 204
    timeline = AppointmentEvent.objects.filter(appointment=chat, type="message_deleted")
    assert timeline.count() == 1
    event = timeline.get()
    assert event.actor == chat.client
    assert event.data == {"message_id": message["id"], "sender_id": chat.client.id, "moderated": False}
    platform = PlatformEvent.objects.filter(type="message.deleted")
    assert platform.count() == 1
    assert platform.get().subject_id == str(message["id"])
    assert SECRET not in json.dumps(list(PlatformEvent.objects.values("payload")), ensure_ascii=False)
    # a sender deleting their own message is not an admin action
    assert not AuditEntry.objects.filter(action="chat.message_deleted").exists()
    # the timeline entry is visible to the other side too
    events = as_user(chat.master).get(f"/api/v1/appointments/{chat.id}/events/").json()
    assert events[-1]["type"] == "message_deleted"


def test_a_moderator_deletes_someone_elses_message_keeps_the_original_and_is_audited(
        as_user, chat, make_user, say):
    moderator = make_user(Role.ADMIN, admin_role="moderator")
    message = say(chat.master, chat, SECRET)
    response = as_user(moderator).delete(f"/api/v1/messages/{message['id']}/", {"reason": "реквизиты в чате"},
                                         format="json")
    assert response.status_code == 204

    for user in (chat.client, chat.master):
        shown = as_user(user).get(f"/api/v1/messages/{message['id']}/").json()
        assert shown["text"] == "" and shown["is_deleted"] and shown["deleted_by_moderator"] is True
        assert "original_text" not in shown

    # moderators: the thread hides it like for everyone, the message itself shows the original
    mod_api = as_user(moderator)
    listed = mod_api.get(f"/api/v1/appointments/{chat.id}/messages/").json()["results"][0]
    assert listed["text"] == "" and "original_text" not in listed
    detail = mod_api.get(f"/api/v1/messages/{message['id']}/").json()
    assert detail["original_text"] == SECRET
    assert detail["delete_reason"] == "реквизиты в чате"
    assert detail["deleted_by"]["id"] == moderator.id

    # an admin without chat.moderate sees only the placeholder
    analyst = as_user(make_user(Role.ADMIN, admin_role="analyst"))
    assert "original_text" not in analyst.get(f"/api/v1/messages/{message['id']}/").json()

    audit = AuditEntry.objects.get(action="chat.message_deleted")
    assert audit.actor == moderator and audit.target_id == str(message["id"])
    assert audit.reason == "реквизиты в чате"
    assert SECRET not in json.dumps([audit.changes, audit.metadata, audit.target_repr], ensure_ascii=False)
    event = AppointmentEvent.objects.get(appointment=chat, type="message_deleted")
    assert event.data["moderated"] is True and event.actor == moderator


def test_participants_may_not_delete_each_others_messages(as_user, chat, say):
    message = say(chat.client, chat, "моё")
    response = as_user(chat.master).delete(f"/api/v1/messages/{message['id']}/")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not Message.objects.get(pk=message["id"]).is_deleted


def test_a_deleted_message_no_longer_counts_as_unread(as_user, chat, say):
    message = say(chat.client, chat, SECRET)
    assert as_user(chat.master).get(f"/api/v1/appointments/{chat.id}/").json()["unread_count"] == 1
    as_user(chat.client).delete(f"/api/v1/messages/{message['id']}/")
    assert as_user(chat.master).get(f"/api/v1/appointments/{chat.id}/").json()["unread_count"] == 0


def test_notifications_never_carry_the_message_text(as_user, chat, say, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        say(chat.client, chat, SECRET)
    notification = Notification.objects.get(user=chat.master)
    assert SECRET not in notification.title + notification.body + json.dumps(notification.data)


@pytest.mark.django_db(transaction=True)
def test_concurrent_deletes_record_one_event(make_appointment, make_user):
    appointment = make_appointment("IN_PROGRESS")
    moderator = make_user(Role.ADMIN)
    message = Message.objects.create(appointment=appointment, sender=appointment.client, text=SECRET)
    users = [appointment.client, moderator, appointment.client, moderator]
    statuses = api_at_once([(u, "delete", f"/api/v1/messages/{message.id}/", None) for u in users])
    assert statuses == [204] * 4
    assert AppointmentEvent.objects.filter(appointment=appointment, type="message_deleted").count() == 1
    assert PlatformEvent.objects.filter(type="message.deleted").count() == 1
    message.refresh_from_db()
    assert message.text == "" and message.original_text == SECRET
