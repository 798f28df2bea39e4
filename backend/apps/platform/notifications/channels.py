"""The external channels: Telegram (Bot API `sendMessage`) and email (Django's mail backend).
A sender returns on success and raises DeliveryError otherwise, saying whether a retry can help."""

import smtplib

import requests
from django.conf import settings
from django.core.mail import EmailMessage

from .models import Notification
from .types import Channel

TELEGRAM_TEXT_LIMIT = 4096
TELEGRAM_TIMEOUT = (5, 15)  # connect, read (seconds)


class DeliveryError(Exception):
    def __init__(self, message: str, *, permanent: bool = False, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.retry_after = retry_after


def channel_available(user, channel: Channel | str) -> bool:
    """Whether `user` can be reached on `channel` at all (linked account, configured server)."""
    if channel == Channel.IN_APP:
        return True
    if channel == Channel.TELEGRAM:
        return bool(getattr(user, "telegram_id", None)) and bool(settings.TELEGRAM_BOT_TOKEN)
    if channel == Channel.EMAIL:
        return bool(getattr(user, "email", "")) and bool(settings.EMAIL_ENABLED)
    return False


def message_text(notification: Notification) -> str:
    text = notification.title if not notification.body else f"{notification.title}\n\n{notification.body}"
    return text[:TELEGRAM_TEXT_LIMIT]


def _without_token(text: str) -> str:
    """Error texts from `requests` quote the URL, and the URL holds the bot token."""
    token = settings.TELEGRAM_BOT_TOKEN
    return text.replace(token, "<token>") if token else text


def send_telegram(notification: Notification) -> None:
    user = notification.user
    if not channel_available(user, Channel.TELEGRAM):
        raise DeliveryError("Telegram is not available for this user.", permanent=True)
    url = f"{settings.TELEGRAM_API_BASE_URL.rstrip('/')}/bot{settings.TELEGRAM_BOT_TOKEN}/sendMessage"
    payload = {"chat_id": user.telegram_id, "text": message_text(notification), "disable_web_page_preview": True}
    try:
        response = requests.post(url, json=payload, timeout=TELEGRAM_TIMEOUT)
    except requests.RequestException as exc:
        raise DeliveryError(_without_token(f"{exc.__class__.__name__}: {exc}")) from None
    try:
        body = response.json()
    except ValueError:
        body = {}
    if response.status_code == 200 and isinstance(body, dict) and body.get("ok"):
        return
    body = body if isinstance(body, dict) else {}
    description = _without_token(str(body.get("description") or response.reason or "no description"))
    message = f"Telegram answered {response.status_code}: {description}"
    if response.status_code == 429:
        retry_after = (body.get("parameters") or {}).get("retry_after")
        raise DeliveryError(message, retry_after=int(retry_after) if isinstance(retry_after, int) else None)
    # 400 (chat not found, bad request) and 403 (the user blocked the bot) won't change on retry;
    # 401/404 mean a wrong token, which an operator may fix, and 5xx are Telegram's trouble.
    raise DeliveryError(message, permanent=response.status_code in (400, 403))


def send_email(notification: Notification) -> None:
    user = notification.user
    if not channel_available(user, Channel.EMAIL):
        raise DeliveryError("Email is not available for this user.", permanent=True)
    subject = " ".join(notification.title.split())  # no line breaks in a header
    message = EmailMessage(subject=subject, body=notification.body or notification.title, to=[user.email])
    try:
        message.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as exc:
        raise DeliveryError(f"Recipient refused: {exc.recipients}", permanent=True) from None
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"{exc.__class__.__name__}: {exc}") from None


SENDERS = {Channel.TELEGRAM: send_telegram, Channel.EMAIL: send_email}
