"""Admins who watch the system (`system.status`) hear about Telegram/email deliveries that failed
for good, each failure once; a burst of failures merges into one unread notification."""

from datetime import timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from apps.common.capabilities import Capability
from apps.common.formats import counted, format_datetime, language_of

from .alerts import alerts_raise, holders_of, unclaimed
from .models import NotificationDelivery
from .services import notify_many
from .types import Channel, DeliveryStatus, PlatformNotification

KIND = "delivery_failed"
SUBJECT_TYPE = NotificationDelivery._meta.label_lower
GROUP_KEY = "alert:deliveries_failed"
# Failures older than this are history, not news (a first run on an old database stays quiet).
LOOKBACK = timedelta(days=7)
BATCH = 200

CHANNEL_WORDS = {
    Channel.TELEGRAM: {"ru": "Telegram", "en": "Telegram"},
    Channel.EMAIL: {"ru": "эл. почта", "en": "email"},
}
FAILURES = {"ru": {"one": "недоставленное уведомление", "few": "недоставленных уведомления",
                   "many": "недоставленных уведомлений", "other": "недоставленного уведомления"},
            "en": {"one": "undelivered notification", "other": "undelivered notifications"}}


def _failed() -> QuerySet[NotificationDelivery]:
    return NotificationDelivery.objects.filter(
        status=DeliveryStatus.FAILED, updated_at__gte=timezone.now() - LOOKBACK,
    ).exclude(Q(notification__type=PlatformNotification.DELIVERY_FAILED))  # never alert about an alert


def _texts(language: str, delivery: NotificationDelivery, total: int) -> tuple[str, str]:
    channel = CHANNEL_WORDS.get(delivery.channel, {}).get(language, delivery.channel)
    recipient = str(delivery.notification.user)
    when = format_datetime(delivery.updated_at, language)
    error = delivery.last_error.strip()[:300]
    if language == "ru":
        return ("Уведомление не доставлено",
                f"{channel}, получатель {recipient}, {when}: {error}\n"
                f"За последнюю неделю — {counted(language, total, FAILURES[language])}. Подробности — в журнале "
                "доставок (Django admin).")
    return ("A notification was not delivered",
            f"{channel.capitalize()}, to {recipient}, {when}: {error}\n"
            f"{counted(language, total, FAILURES[language]).capitalize()} in the last week. Details are in the "
            "delivery log (Django admin).")


def failed_deliveries_alert() -> dict:
    """Tell system admins about notifications that could not be delivered (each failure once)."""
    candidates = list(unclaimed(_failed(), kind=KIND, subject_type=SUBJECT_TYPE)
                      .select_related("notification__user").order_by("pk")[:BATCH])
    if not candidates:
        return {"raised": 0}
    admins = list(holders_of(Capability.SYSTEM_STATUS))
    total = _failed().count()

    def send(delivery: NotificationDelivery) -> None:
        notify_many(users=admins, type=PlatformNotification.DELIVERY_FAILED, subject=delivery, group_key=GROUP_KEY,
                    texts=lambda admin: _texts(language_of(admin.language), delivery, total),
                    data={"delivery_id": delivery.pk, "channel": delivery.channel, "failed_total": total})

    return {"raised": alerts_raise(kind=KIND, subjects=candidates, send=send)}
