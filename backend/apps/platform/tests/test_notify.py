"""What notify() creates: the inbox entry, which external deliveries, grouping of bursts."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from apps.common.capabilities import Role
from apps.common.registry import Unregistered
from apps.platform.events.services import emit
from apps.platform.notifications.models import Notification, NotificationDelivery
from apps.platform.notifications.services import notify, notify_many, preferences_update
from apps.platform.notifications.types import DeliveryStatus

pytestmark = pytest.mark.django_db



class N:
    """Notification types these tests send (registered by the apps that own them)."""

    APPOINTMENT_UPDATE = "appointment_update"
    PAYMENT_REJECTED = "payment_rejected"
    NEW_MESSAGE = "new_message"
    REVIEW_RECEIVED = "review_received"
    SYSTEM = "system"


@pytest.fixture
def reachable(make_user, settings):
    """A user with Telegram and email, both channels configured."""
    settings.EMAIL_ENABLED = True
    settings.TELEGRAM_BOT_TOKEN = "1:token"
    return make_user(telegram_id=777001, email="reach@example.com")


def _channels(notification) -> list[str]:
    return sorted(notification.deliveries.values_list("channel", flat=True))


def test_notify_delivers_on_every_available_channel(reachable, make_user):
    notification = notify(user=reachable, type=N.APPOINTMENT_UPDATE, title="Taken", body="A master took it")
    assert notification.in_app and _channels(notification) == ["email", "telegram"]
    assert set(notification.deliveries.values_list("status", flat=True)) == {DeliveryStatus.PENDING}
    # no Telegram account, no email address -> in-app only
    bare = make_user(email="")
    assert _channels(notify(user=bare, type=N.APPOINTMENT_UPDATE, title="Taken")) == []


def test_channels_need_configuration(reachable, settings):
    settings.EMAIL_ENABLED = False
    settings.TELEGRAM_BOT_TOKEN = ""
    assert _channels(notify(user=reachable, type=N.APPOINTMENT_UPDATE, title="x")) == []


def test_preferences_are_honoured(reachable):
    preferences_update(user=reachable, preferences={"new_message": {"telegram": False, "email": False}})
    assert _channels(notify(user=reachable, type=N.NEW_MESSAGE, title="hi")) == []
    preferences_update(user=reachable, preferences={"review_received": {"in_app": False, "email": False}})
    hidden = notify(user=reachable, type=N.REVIEW_RECEIVED, title="5 stars")
    assert hidden.in_app is False and _channels(hidden) == ["telegram"]
    preferences_update(user=reachable, preferences={"review_received": {"telegram": False}})
    assert notify(user=reachable, type=N.REVIEW_RECEIVED, title="nothing left") is None
    assert not Notification.objects.filter(title="nothing left").exists()


def test_critical_types_ignore_stored_switches(reachable):
    # even a row written around the API (e.g. Django admin) can't silence a critical type
    from apps.platform.notifications.models import NotificationPreference

    NotificationPreference.objects.create(user=reachable, type=N.PAYMENT_REJECTED, channel="telegram", enabled=False)
    notification = notify(user=reachable, type=N.PAYMENT_REJECTED, title="Proof rejected")
    assert notification.in_app and _channels(notification) == ["email", "telegram"]


def test_inactive_users_and_unknown_types(make_user):
    assert notify(user=make_user(is_active=False), type=N.SYSTEM, title="x") is None
    assert notify(user=None, type=N.SYSTEM, title="x") is None
    with pytest.raises(Unregistered):
        notify(user=make_user(), type="gossip", title="x")


def test_group_key_merges_a_burst_into_one_unread_notification(reachable, as_user):
    first = notify(user=reachable, type=N.NEW_MESSAGE, title="New message", body="hello", group_key="chat:1",
                   data={"appointment_id": 1})
    other = notify(user=reachable, type=N.APPOINTMENT_UPDATE, title="Something else")
    second = notify(user=reachable, type=N.NEW_MESSAGE, title="New message", body="are you there?",
                    group_key="chat:1", data={"appointment_id": 1})
    assert second.pk == first.pk
    second.refresh_from_db()
    assert second.body == "are you there?" and second.data == {"appointment_id": 1, "count": 2}
    # moved back to the top of the inbox
    titles = [n["title"] for n in as_user(reachable).get("/api/v1/notifications/").json()["results"]]
    assert titles == ["New message", "Something else"]
    assert other.pk != first.pk
    # delivered externally once for the burst
    assert first.deliveries.count() == 2

    # once read, the next message opens a new notification (and is delivered again)
    as_user(reachable).post(f"/api/v1/notifications/{first.pk}/read/")
    third = notify(user=reachable, type=N.NEW_MESSAGE, title="New message", body="again", group_key="chat:1")
    assert third.pk != first.pk and third.data == {"count": 1} and third.deliveries.count() == 2


def test_group_key_delivers_again_after_the_quiet_window(reachable, settings):
    settings.NOTIFICATION_GROUP_WINDOW_SECONDS = 60
    first = notify(user=reachable, type=N.NEW_MESSAGE, title="m", group_key="chat:9")
    first.deliveries.update(created_at=first.created_at - timedelta(minutes=5))
    notify(user=reachable, type=N.NEW_MESSAGE, title="m", group_key="chat:9")
    assert NotificationDelivery.objects.filter(notification=first).count() == 4


def test_notifications_from_a_rolled_back_transaction_are_never_sent(reachable, telegram, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        notify(user=reachable, type=N.APPOINTMENT_UPDATE, title="never")
        raise RuntimeError("rolled back")
    assert not Notification.objects.exists()
    assert telegram.requests == []


def test_event_handlers_create_notifications(on_event, make_user, django_capture_on_commit_callbacks):
    """The way domain apps wire notifications: a handler of a platform event calls notify()."""
    master = make_user(Role.MASTER)

    def tell_the_subject(event):
        notify(user=event.subject, type=N.REVIEW_RECEIVED, title="You have a new review", subject=event.subject)

    on_event("flag.changed", tell_the_subject)
    with django_capture_on_commit_callbacks(execute=True):
        emit("flag.changed", actor=None, subject=master)
    assert Notification.objects.filter(user=master, title="You have a new review").count() == 1


def test_notify_many_treats_each_user_as_notify_would(reachable, make_user, settings):
    settings.NOTIFICATION_GROUP_WINDOW_SECONDS = 300
    russian, english = make_user(language="ru", email=""), make_user(language="en", email="")
    muted, inactive = make_user(email=""), make_user(email="", is_active=False)
    preferences_update(user=muted, preferences={"new_message": {"in_app": False}})
    opened = notify(user=reachable, type=N.NEW_MESSAGE, title="earlier", group_key="burst", data={"n": 1})

    written = notify_many(users=[reachable, russian, english, muted, inactive, russian], type=N.NEW_MESSAGE,
                          texts=lambda user: (f"title {user.language}", f"body {user.pk}"), group_key="burst",
                          data={"n": 2})

    assert set(written) == {reachable.pk, russian.pk, english.pk}  # nothing left for the muted, the inactive
    assert Notification.objects.filter(user=russian).count() == 1  # listed twice, notified once
    assert written[reachable.pk].pk == opened.pk  # merged into the open group
    opened.refresh_from_db()
    assert (opened.title, opened.body, opened.data) == (f"title {reachable.language}", f"body {reachable.pk}",
                                                        {"n": 2, "count": 2})
    assert opened.deliveries.count() == 2  # delivered once for the burst, not again inside the window
    fresh = Notification.objects.get(user=english)
    assert (fresh.title, fresh.body, fresh.data, fresh.group_key) == ("title en", f"body {english.pk}",
                                                                      {"n": 2, "count": 1}, "burst")


def test_notify_many_costs_the_same_statements_for_3_or_30_users(make_user, settings):
    settings.EMAIL_ENABLED = True
    settings.TELEGRAM_BOT_TOKEN = "1:token"

    def statements(users: list) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert len(notify_many(users=users, type=N.NEW_MESSAGE, texts=lambda u: ("t", "b"),
                                   group_key="burst")) == len(users)
        return len(queries)

    few = [make_user(telegram_id=900 + i, email=f"few{i}@example.com") for i in range(3)]
    many = [make_user(telegram_id=1000 + i, email=f"many{i}@example.com") for i in range(30)]
    assert statements(few) == statements(many)  # first notices: one insert each for rows and deliveries
    assert statements(few) == statements(many)  # merged ones: one update for all
    assert NotificationDelivery.objects.count() == 2 * 33  # email + Telegram, once per burst
