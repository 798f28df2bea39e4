"""A new message notifies the other participants through the platform layer; a burst of messages
makes one unread notification per chat, not one per message."""

import pytest

from apps.chat.models import Message
from apps.common.capabilities import Role
from apps.platform.events.models import PlatformEvent
from apps.platform.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def send(say, django_capture_on_commit_callbacks):
    """Send and run what happens after commit (event handlers, notifications)."""

    def post(user, appointment, text):
        with django_capture_on_commit_callbacks(execute=True):
            return say(user, appointment, text)

    return post


def test_the_other_side_is_notified_not_the_sender(chat, send):
    message = send(chat.client, chat, "Добрый день!")
    notification = Notification.objects.get()
    assert notification.user == chat.master
    assert notification.type == "new_message"
    assert notification.subject_type == "appointments.appointment" and notification.subject_id == str(chat.id)
    assert notification.data["appointment_id"] == chat.id
    assert notification.data["message_id"] == message["id"]
    assert chat.title in notification.title
    assert chat.client.display_name in notification.body
    event = PlatformEvent.objects.get(type="message.sent")
    assert event.actor == chat.client and event.subject_id == str(message["id"])
    assert event.payload["appointment_id"] == chat.id and "text" not in event.payload


def test_a_burst_of_messages_is_one_unread_notification(as_user, chat, send):
    for i in range(5):
        send(chat.client, chat, f"сообщение {i}")
    inbox = as_user(chat.master).get("/api/v1/notifications/?unread=true").json()["results"]
    assert len(inbox) == 1
    assert inbox[0]["body"].endswith("У вас 5 непрочитанных сообщений.")
    assert as_user(chat.master).get("/api/v1/notifications/unread-count/").json() == {"count": 1}
    # once the master has read that notification, the next message opens a new one
    as_user(chat.master).post(f"/api/v1/notifications/{inbox[0]['id']}/read/")
    send(chat.client, chat, "ещё одно")
    assert Notification.objects.filter(user=chat.master).count() == 2
    assert Notification.objects.filter(user=chat.master, read_at__isnull=True).count() == 1


def test_bursts_in_different_chats_stay_apart(chat, make_appointment, send):
    other = make_appointment("IN_PROGRESS", master=chat.master)
    send(chat.client, chat, "a")
    send(other.client, other, "b")
    send(chat.client, chat, "c")
    assert Notification.objects.filter(user=chat.master).count() == 2


def test_an_admin_message_notifies_both_sides(chat, make_user, send):
    send(make_user(Role.ADMIN), chat, "Поддержка: уточните адрес, пожалуйста")
    assert set(Notification.objects.values_list("user", flat=True)) == {chat.client.id, chat.master.id}


def test_the_count_follows_what_the_reader_has_read(as_user, chat, send):
    send(chat.master, chat, "1")
    send(chat.master, chat, "2")
    as_user(chat.client).post(f"/api/v1/appointments/{chat.id}/read/")
    send(chat.master, chat, "3")
    # reading the chat read its notification, so the third message opens a fresh one
    earlier, latest = Notification.objects.filter(user=chat.client).order_by("id")
    assert earlier.read_at is not None and latest.read_at is None
    assert latest.body.endswith("У вас 1 непрочитанное сообщение.")


def test_english_speakers_get_english(chat, send):
    chat.master.language = "en"
    chat.master.save()
    send(chat.client, chat, "hello")
    send(chat.client, chat, "again")
    notification = Notification.objects.get(user=chat.master)
    assert notification.title.startswith("New message")
    assert notification.body.endswith("You have 2 unread messages.")


def test_nobody_to_tell_before_a_master_is_assigned(make_appointment, send):
    appointment = make_appointment("NEW")
    send(appointment.client, appointment, "Есть кто?")
    assert not Notification.objects.exists()
    assert Message.objects.count() == 1


def test_a_rolled_back_send_notifies_nobody(chat, django_capture_on_commit_callbacks):
    from django.db import transaction

    from apps.chat import services

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.message_send(appointment_id=chat.id, sender=chat.client, text="передумал")
        raise RuntimeError("boom")
    assert not Message.objects.exists()
    assert not Notification.objects.exists()


def test_reading_the_chat_reads_its_notification(as_user, chat, send):
    for text in ("Здравствуйте!", "Вы на месте?"):
        send(chat.client, chat, text)
    master = as_user(chat.master)
    assert master.get("/api/v1/notifications/unread-count/").json() == {"count": 1}
    response = master.post(f"/api/v1/appointments/{chat.id}/read/")
    assert response.status_code == 200 and response.json()["unread_count"] == 0
    assert master.get("/api/v1/notifications/unread-count/").json() == {"count": 0}
    [notification] = Notification.objects.filter(user=chat.master)
    assert notification.read_at is not None
    # the client's own notifications are untouched by the master's reading
    send(chat.master, chat, "Да, подъезжаю")
    assert as_user(chat.client).get("/api/v1/notifications/unread-count/").json() == {"count": 1}


def test_reading_only_part_of_the_chat_keeps_the_notification(as_user, chat, send):
    first = send(chat.client, chat, "Первое")
    send(chat.client, chat, "Второе")
    master = as_user(chat.master)
    response = master.post(f"/api/v1/appointments/{chat.id}/read/", {"message_id": first["id"]})
    assert response.json()["unread_count"] == 1
    assert master.get("/api/v1/notifications/unread-count/").json() == {"count": 1}


def test_replying_reads_the_notification(as_user, chat, send):
    send(chat.client, chat, "Здравствуйте!")
    send(chat.master, chat, "Добрый день!")
    assert as_user(chat.master).get("/api/v1/notifications/unread-count/").json() == {"count": 0}
