"""Active masters hear about new requests: in the inbox and on their channels, merged into one
unread notification per burst, and a master can mute them."""

import pytest
from django.core import mail

from apps.accounts.models import MasterProfile
from apps.common.capabilities import Role
from apps.platform.notifications.models import Notification, NotificationDelivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def email_on(settings):
    settings.EMAIL_ENABLED = True  # the test settings' locmem backend keeps what is sent in mail.outbox
    return settings


@pytest.fixture
def create(as_user, django_capture_on_commit_callbacks):
    def post(client, title="Женская стрижка", description="Средняя длина, укладка"):
        with django_capture_on_commit_callbacks(execute=True):
            response = as_user(client).post("/api/v1/appointments/", {"title": title, "description": description})
        assert response.status_code == 201, response.content
        return response.json()

    return post


def test_active_masters_are_told_in_app_and_by_email(make_user, create, email_on, as_user):
    anna = make_user(Role.MASTER, email="anna@example.com", language="ru")
    boris = make_user(Role.MASTER, email="boris@example.com", language="en")
    pending = make_user(Role.MASTER, master_status=MasterProfile.Status.PENDING, email="p@example.com")
    suspended = make_user(Role.MASTER, master_status=MasterProfile.Status.SUSPENDED, email="s@example.com")
    banned = make_user(Role.MASTER, email="b@example.com", is_banned=True)
    client = make_user(Role.CLIENT, email="client@example.com")
    admin = make_user(Role.ADMIN, email="admin@example.com")

    request = create(client)

    told = Notification.objects.filter(type="new_request")
    assert set(told.values_list("user_id", flat=True)) == {anna.pk, boris.pk}
    for nobody in (pending, suspended, banned, client, admin):
        assert not told.filter(user=nobody).exists()
    ru = told.get(user=anna)
    assert ru.title == "Новая заявка: «Женская стрижка»"
    assert "Средняя длина, укладка" in ru.body and "В очереди: 1 заявка." in ru.body
    assert ru.subject_type == "appointments.appointment" and ru.subject_id == str(request["id"])
    assert ru.data["appointment_id"] == request["id"]
    en = told.get(user=boris)
    assert en.title == "New request: “Женская стрижка”" and "In the queue: 1 request." in en.body
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.com", "boris@example.com"]
    inbox = as_user(anna).get("/api/v1/notifications/?unread=true").json()["results"]
    assert [n["type"] for n in inbox] == ["new_request"]


def test_a_burst_of_requests_is_one_unread_notification_and_one_email(make_user, create, email_on, as_user):
    master = make_user(Role.MASTER, email="m@example.com", language="ru")
    client = make_user(Role.CLIENT)
    for title in ("Маникюр", "Педикюр", "Окрашивание волос"):
        create(client, title=title)

    [notification] = Notification.objects.filter(user=master)
    assert notification.data["count"] == 3
    assert notification.title == "Новая заявка: «Окрашивание волос»"
    assert "В очереди: 3 заявки." in notification.body
    assert NotificationDelivery.objects.filter(notification=notification, channel="email").count() == 1
    assert len(mail.outbox) == 1
    assert as_user(master).get("/api/v1/notifications/unread-count/").json() == {"count": 1}

    # read it, and the next request opens a new notification
    as_user(master).post(f"/api/v1/notifications/{notification.pk}/read/")
    create(client, title="Массаж спины")
    latest = Notification.objects.filter(user=master).order_by("-id").first()
    assert latest.pk != notification.pk and "В очереди: 4 заявки." in latest.body


def test_a_master_can_mute_new_requests(make_user, create, email_on, as_user):
    master = make_user(Role.MASTER, email="m@example.com")
    api = as_user(master)
    prefs = api.get("/api/v1/notifications/preferences/").json()
    assert prefs["preferences"]["new_request"] == {"in_app": True, "telegram": True, "email": True}
    assert "new_request" not in prefs["critical_types"]
    response = api.put("/api/v1/notifications/preferences/",
                       {"preferences": {"new_request": {"in_app": False, "email": False}}})
    assert response.status_code == 200, response.content
    assert response.json()["preferences"]["new_request"]["email"] is False

    create(make_user(Role.CLIENT))
    assert not Notification.objects.filter(user=master).exists()
    assert mail.outbox == []


def test_only_email_left_on_still_sends_the_email(make_user, create, email_on, as_user):
    master = make_user(Role.MASTER, email="m@example.com")
    as_user(master).put("/api/v1/notifications/preferences/", {"preferences": {"new_request": {"in_app": False}}})
    create(make_user(Role.CLIENT))
    assert [m.to for m in mail.outbox] == [["m@example.com"]]
    assert as_user(master).get("/api/v1/notifications/").json()["count"] == 0


def test_new_request_preferences_concern_masters_only(make_user, as_user):
    client_prefs = as_user(make_user(Role.CLIENT)).get("/api/v1/notifications/preferences/").json()
    assert "new_request" not in client_prefs["preferences"]
    assert "master_pending" not in client_prefs["preferences"]
    assert "new_message" in client_prefs["preferences"]


def test_a_request_taken_before_the_announcement_tells_nobody(make_user, make_appointment):
    from apps.appointments.alerts import new_request_announce

    make_user(Role.MASTER)
    taken = make_appointment("IN_REVIEW")
    assert new_request_announce(appointment_id=taken.pk) == 0
    assert not Notification.objects.filter(type="new_request").exists()


def test_nothing_is_announced_for_a_request_that_was_not_created(make_user, as_user,
                                                                 django_capture_on_commit_callbacks):
    make_user(Role.MASTER)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(make_user(Role.CLIENT)).post("/api/v1/appointments/", {"title": ""})
    assert response.status_code == 400
    assert not Notification.objects.exists()
