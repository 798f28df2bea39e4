from collections.abc import Iterable

from django.db.models import Count, QuerySet

from .channels import channel_available
from .models import Notification, NotificationPreference
from .types import Channel, critical_types, notification_types, types_for


def inbox_for(*, user, unread: bool | None = None) -> QuerySet[Notification]:
    """The user's inbox, most recently bumped first; `unread=True` only unread, False only read."""
    qs = Notification.objects.filter(user=user, in_app=True).order_by("-bumped_at", "-id")
    if unread is not None:
        qs = qs.filter(read_at__isnull=unread)
    return qs


def unread_count_for(*, user) -> int:
    return Notification.objects.filter(user=user, in_app=True, read_at__isnull=True).count()


def unread_counts_for(*, user_ids: Iterable[int]) -> dict[int, int]:
    """`unread_count_for` of several users in one query (0 for those with none)."""
    ids = sorted({int(pk) for pk in user_ids})
    counts = dict(Notification.objects.filter(user__in=ids, in_app=True, read_at__isnull=True)
                  .order_by().values("user_id").annotate(n=Count("id")).values_list("user_id", "n"))
    return {pk: counts.get(pk, 0) for pk in ids}


def switches_for(*, user) -> dict[str, dict[str, bool]]:
    """Every (type, channel) switch of `user`: stored choices over the default (on); critical
    types are always on."""
    stored = {
        (t, c): enabled
        for t, c, enabled in NotificationPreference.objects.filter(user=user).values_list("type", "channel", "enabled")
    }
    critical = critical_types()
    return {
        t: {c.value: t in critical or stored.get((t, c.value), True) for c in Channel}
        for t in notification_types()
    }


def preferences_for(*, user) -> dict[str, dict[str, bool]]:
    """The switches of the types that concern `user` (a client has no "new request" switch)."""
    switches = switches_for(user=user)
    return {t: switches[t] for t in types_for(user)}


def preferences_overview(*, user) -> dict:
    """What the preferences screen shows: the switches, which types are locked on, and which
    channels can reach this account at all."""
    return {
        "preferences": preferences_for(user=user),
        "critical_types": sorted(critical_types()),
        "channels": [{"channel": c.value, "available": channel_available(user, c)} for c in Channel],
    }
