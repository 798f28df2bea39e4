"""The external channels: Telegram (Bot API `sendMessage`) and email (Django's mail backend).
A sender returns on success and raises DeliveryError otherwise, saying whether a retry can help.

Where a user is reached on a channel (their Telegram chat id, their email address) is the
accounts' knowledge: the app that knows registers a resolver (`register_channel_address`) from
`AppConfig.ready()`. Email falls back to Django's own email field; a channel without a resolver
reaches nobody."""

import smtplib
from collections.abc import Callable

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


AddressResolver = Callable[[object], object]


def _django_email(user) -> str:
    field = user.get_email_field_name() if hasattr(user, "get_email_field_name") else "email"
    return getattr(user, field, "") or ""


_resolvers: dict[Channel, AddressResolver] = {Channel.EMAIL: _django_email}


def register_channel_address(channel: Channel, resolver: AddressResolver) -> None:
    """`resolver(user)` gives where `user` is reached on `channel` (falsy: not reachable there)."""
    _resolvers[Channel(channel)] = resolver


def channel_address(user, channel: Channel | str):
    resolver = _resolvers.get(Channel(channel))
    return resolver(user) if resolver is not None and user is not None else None


def channel_available(user, channel: Channel | str) -> bool:
    """Whether `user` can be reached on `channel` at all (linked account, configured server)."""
    if channel == Channel.IN_APP:
        return True
    if channel == Channel.TELEGRAM:
        return bool(channel_address(user, channel)) and bool(settings.TELEGRAM_BOT_TOKEN)
    if channel == Channel.EMAIL:
        return bool(channel_address(user, channel)) and bool(settings.EMAIL_ENABLED)
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
    payload = {"chat_id": channel_address(user, Channel.TELEGRAM), "text": message_text(notification),
               "disable_web_page_preview": True}
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
    message = EmailMessage(subject=subject, body=notification.body or notification.title,
                           to=[channel_address(user, Channel.EMAIL)])
    try:
        message.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as exc:
        raise DeliveryError(f"Recipient refused: {exc.recipients}", permanent=True) from None
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"{exc.__class__.__name__}: {exc}") from None


SENDERS = {Channel.TELEGRAM: send_telegram, Channel.EMAIL: send_email}
