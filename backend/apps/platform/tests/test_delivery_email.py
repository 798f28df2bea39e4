"""Email delivery through Django's SMTP backend to a real SMTP server (aiosmtpd) on loopback."""

from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from django.utils import timezone

from apps.platform.jobs import run_job
from apps.platform.notifications.models import NotificationDelivery
from apps.platform.notifications.services import notify
from apps.platform.notifications.types import DeliveryStatus

pytestmark = pytest.mark.django_db


def _send(user, django_capture_on_commit_callbacks, title="Оплата подтверждена", body="Заявка «Стрижка»: оплата получена."):
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(user=user, type="payment_confirmed", title=title, body=body)
    return notification.deliveries.get(channel="email")


def test_email_is_delivered_over_smtp(smtp_server, make_user, settings, django_capture_on_commit_callbacks):
    settings.DEFAULT_FROM_EMAIL = "market@example.com"
    user = make_user(email="anna@example.com")
    delivery = _send(user, django_capture_on_commit_callbacks)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 1)
    [envelope] = smtp_server.messages
    assert envelope.mail_from == "market@example.com"
    assert envelope.rcpt_tos == ["anna@example.com"]
    message = message_from_bytes(envelope.original_content, policy=policy.default)
    assert message["Subject"] == "Оплата подтверждена"
    assert "оплата получена" in message.get_content()


def test_temporary_smtp_failure_is_retried(smtp_server, make_user, django_capture_on_commit_callbacks):
    smtp_server.fail_next = 1
    delivery = _send(make_user(email="boris@example.com"), django_capture_on_commit_callbacks)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert "451" in delivery.last_error
    assert smtp_server.messages == []

    NotificationDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    run_job("notifications.retry_deliveries")
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (DeliveryStatus.SENT, 2, "")
    assert [e.rcpt_tos for e in smtp_server.messages] == [["boris@example.com"]]


def test_mail_server_down_is_retried_later(email_settings, make_user, django_capture_on_commit_callbacks):
    # email_settings points at a port nobody listens on (no smtp_server fixture)
    delivery = _send(make_user(email="vera@example.com"), django_capture_on_commit_callbacks)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert "ConnectionRefusedError" in delivery.last_error


def test_line_breaks_in_a_title_cannot_inject_headers(smtp_server, make_user, django_capture_on_commit_callbacks):
    delivery = _send(make_user(email="gleb@example.com"), django_capture_on_commit_callbacks,
                     title="Hello\r\nBcc: victim@example.com", body="")
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    [envelope] = smtp_server.messages
    assert envelope.rcpt_tos == ["gleb@example.com"]
    assert message_from_bytes(envelope.original_content)["Subject"] == "Hello Bcc: victim@example.com"
