"""Notifications: `notify()` writes the in-app notification and queues its external deliveries
after commit; deliveries are claimed atomically, retried with exponential backoff and given up
after a bounded number of attempts."""

import logging
from collections.abc import Callable, Iterable, Mapping
from datetime import timedelta
from functools import partial

from celery import shared_task
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from apps.common.bulk import update_rows
from apps.common.errors import ApplicationError, Conflict, NotFound

from ..errors import PlatformErrorCode
from ..refs import subject_ref, to_jsonable
from .channels import SENDERS, DeliveryError, channel_available
from .models import Notification, NotificationDelivery, NotificationPreference
from .selectors import preferences_for
from .signals import inbox_changed
from .types import EXTERNAL_CHANNELS, Channel, DeliveryStatus, is_critical, notification_type

logger = logging.getLogger(__name__)



def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def send_lease() -> timedelta:
    """How long a worker holds a claimed attempt; after that another worker may take it over
    (NOTIFICATION_SEND_LEASE_SECONDS, 5 min)."""
    return timedelta(seconds=_setting("NOTIFICATION_SEND_LEASE_SECONDS", 300))


def max_attempts() -> int:
    return _setting("NOTIFICATION_DELIVERY_MAX_ATTEMPTS", 5)


def retry_delay(attempts: int, retry_after: int | None = None) -> timedelta:
    """1 min, 2 min, 4 min, ... capped at 6 h; never sooner than the server asked."""
    base = _setting("NOTIFICATION_RETRY_BASE_SECONDS", 60)
    seconds = min(base * 2 ** max(attempts - 1, 0), 6 * 3600)
    return timedelta(seconds=max(seconds, retry_after or 0))


def _channels_by_user(users: list, type: str) -> dict[int, list[Channel]]:
    """The channels each of `users` gets `type` on (their stored switches over the default, on;
    critical types ignore them), limited to the channels that can reach them. One query."""
    critical = is_critical(type)
    stored = {(user_id, channel): enabled for user_id, channel, enabled in NotificationPreference.objects.filter(
        user__in=[u.pk for u in users], type=type).values_list("user_id", "channel", "enabled")}
    return {u.pk: [c for c in Channel
                   if (critical or stored.get((u.pk, c.value), True)) and channel_available(u, c)]
            for u in users}


def wanted_channels(*, user, type: str) -> list[Channel]:
    """The channels `user` gets `type` on: their preferences (critical types ignore them), limited
    to the channels that can reach them."""
    return _channels_by_user([user], notification_type(type).name)[user.pk]


def _open_groups(*, user_ids: list[int], group_key: str, fields: dict, in_app: dict[int, bool],
                 texts: dict[int, tuple[str, str]], data: dict) -> dict[int, Notification]:
    """Each user's unread notification of `group_key`, locked, or a new one (created in one
    insert). A concurrent writer that opened one of these groups first makes the insert fail: the
    groups are looked up again and merged into."""
    for _attempt in range(3):
        # rows locked and inserted in user order: two fan-outs to the same people queue, not deadlock
        existing = {n.user_id: n for n in Notification.objects.select_for_update().filter(
            user__in=user_ids, group_key=group_key, read_at__isnull=True).order_by("user_id")}
        new = [Notification(user_id=uid, group_key=group_key, in_app=in_app[uid], data={**data, "count": 1},
                            title=texts[uid][0], body=texts[uid][1], **fields)
               for uid in sorted(user_ids) if uid not in existing]
        try:
            with transaction.atomic():
                Notification.objects.bulk_create(new)
        except IntegrityError:
            continue
        for notification in new:
            notification._just_created = True
        return {**existing, **{n.user_id: n for n in new}}
    raise Conflict("Could not record the notification, try again.")


def _bump(notifications: list[Notification], *, fields: dict, in_app: dict[int, bool],
          texts: dict[int, tuple[str, str]], data: dict, now) -> None:
    """Merge a new occurrence into already open groups: the latest texts and data, one more in the
    count, back to the top of the inbox. One statement (apps.common.bulk.update_rows: with
    bulk_update's CASE per row and field, announcing a request to 25 masters took 224 ms in the
    tests on PostgreSQL, now 80)."""
    for n in notifications:
        n.data = {**n.data, **data, "count": int(n.data.get("count", 1)) + 1}
        for name, value in fields.items():
            setattr(n, name, value)
        n.title, n.body = texts[n.user_id]
        n.in_app = n.in_app or in_app[n.user_id]
        n.bumped_at = now
    update_rows(Notification, notifications, ["title", "body", "data", "in_app"], same={**fields, "bumped_at": now})


def _enqueue_delivery(delivery_id: int) -> None:
    """Hand a delivery to the job runner. If the broker is down, the retry job sends it later."""
    try:
        deliver_notification.delay(delivery_id)
    except Exception:
        logger.exception("Could not queue notification delivery #%s; the retry job will pick it up", delivery_id)


def _enqueue_deliveries(delivery_ids: list[int]) -> None:
    for delivery_id in delivery_ids:
        _enqueue_delivery(delivery_id)


@transaction.atomic
def notify_many(*, users: Iterable, type: str, texts: Callable[[object], tuple[str, str]],
                data: dict | None = None, subject=None, group_key: str | None = None) -> dict[int, Notification]:
    """`notify()` for many users at once, in a fixed number of statements whatever their number:
    `texts(user)` gives each one's (title, body). Returns the notifications by user id (users left
    without a channel are absent)."""
    type = notification_type(type).name  # Unregistered if nobody registered it
    users = [u for u in users if u is not None and u.pk is not None and getattr(u, "is_active", False)]
    channels = {uid: wanted for uid, wanted in _channels_by_user(users, type).items() if wanted}
    users = [u for u in users if u.pk in channels]
    if not users:
        return {}
    subject_type, subject_id = subject_ref(subject)
    fields = {"type": type, "subject_type": subject_type, "subject_id": subject_id}
    written = {}
    for user in users:
        title, body = texts(user)
        written[user.pk] = (str(title)[:200], str(body or ""))
    in_app = {uid: Channel.IN_APP in wanted for uid, wanted in channels.items()}
    clean_data = to_jsonable(data or {})
    now = timezone.now()
    if group_key:
        group_key = group_key[:200]
        notifications = _open_groups(user_ids=list(channels), group_key=group_key, fields=fields, in_app=in_app,
                                     texts=written, data=clean_data)
        merged = sorted((n for n in notifications.values() if not getattr(n, "_just_created", False)),
                        key=lambda n: n.user_id)
        window = timedelta(seconds=_setting("NOTIFICATION_GROUP_WINDOW_SECONDS", 300))
        delivered_lately = set(NotificationDelivery.objects.filter(
            notification__in=merged, created_at__gte=now - window).values_list("notification_id", flat=True))
        if merged:
            _bump(merged, fields=fields, in_app=in_app, texts=written, data=clean_data, now=now)
    else:
        new = [Notification(user_id=uid, in_app=in_app[uid], data=clean_data, title=written[uid][0],
                            body=written[uid][1], **fields) for uid in channels]
        notifications = {n.user_id: n for n in Notification.objects.bulk_create(new)}
        delivered_lately = set()
    deliveries = NotificationDelivery.objects.bulk_create(
        NotificationDelivery(notification=n, channel=channel, next_attempt_at=now)
        for uid, n in notifications.items() if n.pk not in delivered_lately
        for channel in channels[uid] if channel in EXTERNAL_CHANNELS)
    if deliveries:
        transaction.on_commit(partial(_enqueue_deliveries, [d.pk for d in deliveries]))
    inbox_changed.send(sender=Notification, user_ids=[uid for uid, n in notifications.items() if n.in_app])
    return notifications


def notify(*, user, type: str, title: str, body: str = "", data: dict | None = None,
           subject=None, group_key: str | None = None) -> Notification | None:
    """Notify `user` in the inbox and on their external channels (after commit), honouring their
    preferences. Returns None when no channel is left (everything switched off, inactive user)."""
    written = notify_many(users=[user], type=type, texts=lambda _user: (title, body), data=data, subject=subject,
                          group_key=group_key)
    return written.get(getattr(user, "pk", None))


def delivery_attempt(*, delivery_id: int) -> str | None:
    """Try one delivery if it is due. Two workers can't both send it: the attempt is claimed with
    a conditional update and held for `send_lease()`. Returns the resulting status, or None if the
    delivery was not due (already sent, failed, or claimed by someone else)."""
    now = timezone.now()
    due = NotificationDelivery.objects.filter(
        pk=delivery_id, status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING], next_attempt_at__lte=now
    )
    if not due.update(status=DeliveryStatus.SENDING, attempts=F("attempts") + 1,
                      next_attempt_at=now + send_lease(), updated_at=now):
        return None
    delivery = NotificationDelivery.objects.select_related("notification__user").get(pk=delivery_id)
    try:
        SENDERS[Channel(delivery.channel)](delivery.notification)
    except DeliveryError as exc:
        return _record_failure(delivery, exc)
    except Exception as exc:  # a bug or an unexpected library error: log it, retry like any failure
        logger.exception("Notification delivery #%s crashed", delivery_id)
        return _record_failure(delivery, DeliveryError(f"{exc.__class__.__name__}: {exc}"))
    _finish(delivery, status=DeliveryStatus.SENT, sent_at=timezone.now(), last_error="", next_attempt_at=None)
    return DeliveryStatus.SENT


@shared_task(name="platform.deliver_notification", ignore_result=True)
def deliver_notification(delivery_id: int) -> str | None:
    """The worker's side of a queued delivery (defined beside `delivery_attempt`, so queueing it
    needs no import of the tasks module)."""
    return delivery_attempt(delivery_id=delivery_id)


def _finish(delivery: NotificationDelivery, **fields) -> None:
    # Only the holder of this attempt may record its outcome (a stale worker whose lease ran out
    # must not overwrite a newer attempt).
    NotificationDelivery.objects.filter(
        pk=delivery.pk, status=DeliveryStatus.SENDING, attempts=delivery.attempts
    ).update(updated_at=timezone.now(), **fields)


def _record_failure(delivery: NotificationDelivery, exc: DeliveryError) -> str:
    error = str(exc)[:2000]
    if exc.permanent or delivery.attempts >= max_attempts():
        logger.warning("Notification delivery #%s failed for good after %s attempt(s): %s",
                       delivery.pk, delivery.attempts, error)
        _finish(delivery, status=DeliveryStatus.FAILED, last_error=error, next_attempt_at=None)
        return DeliveryStatus.FAILED
    retry_at = timezone.now() + retry_delay(delivery.attempts, exc.retry_after)
    logger.info("Notification delivery #%s failed (attempt %s), retrying at %s: %s",
                delivery.pk, delivery.attempts, retry_at.isoformat(), error)
    _finish(delivery, status=DeliveryStatus.PENDING, last_error=error, next_attempt_at=retry_at)
    return DeliveryStatus.PENDING


def deliveries_retry_due(*, limit: int = 500) -> dict:
    """Queue every delivery whose retry time has come (and attempts whose worker vanished)."""
    due = list(
        NotificationDelivery.objects.filter(
            status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING], next_attempt_at__lte=timezone.now()
        ).order_by("next_attempt_at").values_list("pk", flat=True)[:limit]
    )
    for delivery_id in due:
        _enqueue_delivery(delivery_id)
    return {"queued": len(due)}


def notifications_prune(*, keep_days: int | None = None) -> dict:
    """Delete notifications read more than `keep_days` ago (with their delivery log)."""
    keep_days = keep_days if keep_days is not None else _setting("NOTIFICATIONS_KEEP_DAYS", 90)
    cutoff = timezone.now() - timedelta(days=keep_days)
    _total, by_model = Notification.objects.filter(read_at__lt=cutoff).delete()
    return {"deleted": by_model.get(Notification._meta.label, 0), "keep_days": keep_days}


def notification_mark_read(*, user, notification_id: int) -> Notification:
    notification = Notification.objects.filter(pk=notification_id, user=user, in_app=True).first()
    if notification is None:
        raise NotFound("No such notification.")
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
        notification.refresh_from_db(fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(user=user, in_app=True, read_at__isnull=True).update(read_at=timezone.now())


def preferences_update(*, user, preferences: Mapping[str, Mapping[str, bool]]) -> dict[str, dict[str, bool]]:
    """Set some (type, channel) switches; critical types can't be switched off."""
    refused = sorted(t for t, channels in preferences.items()
                     if is_critical(t) and not all(channels.values()))
    if refused:
        raise ApplicationError(PlatformErrorCode.NOTIFICATION_CRITICAL,
                               f"These notifications can't be switched off: {', '.join(refused)}.", 400,
                               types=refused)
    rows = [NotificationPreference(user=user, type=notification_type(t).name, channel=Channel(c).value,
                                   enabled=bool(enabled))
            for t, channels in preferences.items() for c, enabled in channels.items()]
    NotificationPreference.objects.bulk_create(rows, update_conflicts=True, update_fields=["enabled"],
                                               unique_fields=["user", "type", "channel"])
    return preferences_for(user=user)


def notifications_mark_group_read(*, user, group_key: str) -> int:
    """Mark `user`'s unread notification of `group_key` read (its subject was dealt with elsewhere,
    e.g. the chat was read). Returns how many changed (0 or 1)."""
    return Notification.objects.filter(user=user, group_key=group_key, read_at__isnull=True).update(
        read_at=timezone.now())
