"""Telegram delivery against a real HTTP server on loopback that answers like the Bot API."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.platform.jobs import run_job
from apps.platform.notifications import channels
from apps.platform.notifications.channels import register_channel_address
from apps.platform.notifications.models import NotificationDelivery
from apps.platform.notifications.services import delivery_attempt, notify
from apps.platform.notifications.types import Channel, DeliveryStatus

pytestmark = pytest.mark.django_db


class N:
    """Notification types these tests send (registered by the apps that own them)."""

    APPOINTMENT_UPDATE = "appointment_update"
    PAYMENT_REJECTED = "payment_rejected"
    NEW_MESSAGE = "new_message"
    REVIEW_RECEIVED = "review_received"
    SYSTEM = "system"


@pytest.fixture
def tg_user(make_user):
    return make_user(telegram_id=100200300, email="")


def _send(user, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(user=user, type=kwargs.pop("type", N.APPOINTMENT_UPDATE),
                              title=kwargs.pop("title", "Заявка оценена"), body=kwargs.pop("body", "1500 RUB"), **kwargs)
    return notification.deliveries.get(channel="telegram")


def test_the_chat_id_comes_from_the_registered_resolver(telegram, tg_user, django_capture_on_commit_callbacks):
    """The platform doesn't know where a user's Telegram is: accounts registers it."""
    registered = channels._resolvers[Channel.TELEGRAM]
    try:
        register_channel_address(Channel.TELEGRAM, lambda user: 777000 + user.pk)
        _send(tg_user, django_capture_on_commit_callbacks)
        assert telegram.requests[-1]["json"]["chat_id"] == 777000 + tg_user.pk
        register_channel_address(Channel.TELEGRAM, lambda user: None)
        assert not channels.channel_available(tg_user, Channel.TELEGRAM)
    finally:
        register_channel_address(Channel.TELEGRAM, registered)
    assert channels.channel_address(tg_user, Channel.TELEGRAM) == 100200300


def _make_due(delivery) -> None:
    NotificationDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def test_sends_message_via_bot_api(telegram, tg_user, django_capture_on_commit_callbacks):
    delivery = _send(tg_user, django_capture_on_commit_callbacks)
    assert telegram.requests == [{
        "path": "/bot4242:SECRET-bot-token/sendMessage",
        "json": {"chat_id": 100200300, "text": "Заявка оценена\n\n1500 RUB", "disable_web_page_preview": True},
    }]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (DeliveryStatus.SENT, 1, "")
    assert delivery.sent_at is not None and delivery.next_attempt_at is None
    # a sent delivery is never sent again
    _make_due(delivery)
    assert delivery_attempt(delivery_id=delivery.pk) is None
    assert len(telegram.requests) == 1


def test_server_error_is_retried_with_backoff_by_the_job(telegram, tg_user, django_capture_on_commit_callbacks):
    telegram.respond((502, {"ok": False, "description": "Bad Gateway"}))
    before = timezone.now()
    delivery = _send(tg_user, django_capture_on_commit_callbacks)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert "502" in delivery.last_error and "SECRET" not in delivery.last_error
    assert delivery.next_attempt_at >= before + timedelta(seconds=60)

    # not due yet: the retry job leaves it alone
    assert run_job("notifications.retry_deliveries")["result"] == {"queued": 0}
    assert len(telegram.requests) == 1

    _make_due(delivery)
    beat = run_job("notifications.retry_deliveries")
    assert beat["ok"] and beat["result"] == {"queued": 1}
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (DeliveryStatus.SENT, 2, "")
    assert len(telegram.requests) == 2


def test_backoff_grows_and_gives_up_after_the_last_attempt(telegram, tg_user, settings,
                                                            django_capture_on_commit_callbacks):
    settings.NOTIFICATION_DELIVERY_MAX_ATTEMPTS = 3
    telegram.respond(*[(500, {"ok": False, "description": "Internal"})] * 3)
    delivery = _send(tg_user, django_capture_on_commit_callbacks)
    delays = []
    for _ in range(2):
        delivery.refresh_from_db()
        delays.append(delivery.next_attempt_at - delivery.updated_at)
        _make_due(delivery)
        run_job("notifications.retry_deliveries")
    delivery.refresh_from_db()
    assert delays[1] > delays[0]
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 3)
    assert delivery.next_attempt_at is None and "500" in delivery.last_error
    _make_due(delivery)
    assert run_job("notifications.retry_deliveries")["result"] == {"queued": 0}
    assert len(telegram.requests) == 3


def test_blocked_bot_fails_without_retrying(telegram, tg_user, django_capture_on_commit_callbacks):
    telegram.respond((403, {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}))
    delivery = _send(tg_user, django_capture_on_commit_callbacks)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 1
    assert "blocked by the user" in delivery.last_error


def test_rate_limit_waits_as_long_as_telegram_asks(telegram, tg_user, django_capture_on_commit_callbacks):
    telegram.respond((429, {"ok": False, "description": "Too Many Requests: retry after 900",
                            "parameters": {"retry_after": 900}}))
    before = timezone.now()
    delivery = _send(tg_user, django_capture_on_commit_callbacks)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.next_attempt_at >= before + timedelta(seconds=900)


def test_unreachable_server_is_retried_and_the_token_never_leaks(settings, tg_user, django_capture_on_commit_callbacks):
    from apps.platform.tests.conftest import free_port

    settings.TELEGRAM_BOT_TOKEN = "4242:SECRET-bot-token"
    settings.TELEGRAM_API_BASE_URL = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    delivery = _send(tg_user, django_capture_on_commit_callbacks)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert "ConnectionError" in delivery.last_error
    assert "SECRET" not in delivery.last_error and "<token>" in delivery.last_error


def test_a_claimed_delivery_is_not_sent_twice(telegram, tg_user):
    notification = notify(user=tg_user, type=N.APPOINTMENT_UPDATE, title="once")  # not committed: not sent yet
    delivery = notification.deliveries.get()
    # a worker claimed it and is still inside its lease
    NotificationDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENDING, attempts=1, next_attempt_at=timezone.now() + timedelta(minutes=5))
    assert delivery_attempt(delivery_id=delivery.pk) is None
    assert telegram.requests == []
    # the worker vanished: once the lease is over, the retry job takes it over
    _make_due(delivery)
    run_job("notifications.retry_deliveries")
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 2)
    assert len(telegram.requests) == 1


def test_a_delivery_failure_never_breaks_the_caller(settings, tg_user,
                                                    django_capture_on_commit_callbacks):
    """notify() runs inside domain actions: whatever the channel does, the action answers."""
    settings.TELEGRAM_API_BASE_URL = "http://[::1"  # not even a valid URL
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(user=tg_user, type=N.SYSTEM, title="still here")
    delivery = notification.deliveries.get()
    assert delivery.status in (DeliveryStatus.PENDING, DeliveryStatus.FAILED)
    assert delivery.last_error
