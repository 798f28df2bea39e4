from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .types import DeliveryStatus


class Notification(models.Model):
    """One message for one user. It shows in the inbox when `in_app` (the user's in-app
    preference) and anchors the Telegram/email deliveries made for it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="notifications")
    type = models.CharField(_("type"), max_length=32)
    title = models.CharField(_("heading"), max_length=200)
    body = models.TextField(_("text"), blank=True, default="")
    data = models.JSONField(_("data"), default=dict, blank=True)
    subject_type = models.CharField(_("subject type"), max_length=100, blank=True, default="")
    subject_id = models.CharField(_("subject ID"), max_length=64, blank=True, default="")
    # Unread notifications of one user with the same key are merged (chat bursts).
    group_key = models.CharField(_("group key"), max_length=200, blank=True, default="")
    in_app = models.BooleanField(_("in the inbox"), default=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # When it last changed for the reader; a merged notification moves back to the top.
    bumped_at = models.DateTimeField(_("last updated"), default=timezone.now)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-bumped_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-bumped_at"], name="platform_notif_inbox"),
            models.Index(fields=["user", "read_at"], name="platform_notif_unread"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "group_key"], condition=Q(read_at__isnull=True) & ~Q(group_key=""),
                name="platform_notif_one_unread_per_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type} for {self.user_id}: {self.title}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """A user's choice for one (type, channel); no row means the channel's default (on)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="notification_preferences")
    type = models.CharField(_("type"), max_length=32)
    channel = models.CharField(_("channel"), max_length=16)
    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "type", "channel"], name="platform_notif_pref_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.type}/{self.channel}: {'on' if self.enabled else 'off'}"


class NotificationDelivery(models.Model):
    """One attempt-tracked delivery of a notification over an external channel (the delivery log)."""

    notification = models.ForeignKey(Notification, verbose_name=_("notification"), on_delete=models.CASCADE,
                                     related_name="deliveries")
    channel = models.CharField(_("channel"), max_length=16)
    status = models.CharField(_("status"), max_length=16, default=DeliveryStatus.PENDING,
                              choices=[(s.value, s.value) for s in DeliveryStatus])
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True, default="")
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("notification delivery")
        verbose_name_plural = _("notification deliveries")
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="platform_delivery_due")]

    def __str__(self) -> str:
        return f"{self.channel} #{self.pk} ({self.status})"


class AlertClaim(models.Model):
    """An alert about one object, raised once. Periodic jobs look for things people must hear about
    (a master waiting for approval, a payment proof waiting too long); inserting this row is the
    claim: of two concurrent runs exactly one inserts it, and only that one notifies. `cycle` tells
    apart the times one object comes back to the same state (a re-uploaded proof)."""

    kind = models.CharField(_("kind"), max_length=64)
    subject_type = models.CharField(_("subject type"), max_length=100)
    subject_id = models.CharField(_("subject ID"), max_length=64)
    cycle = models.CharField(_("cycle"), max_length=64, blank=True, default="")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("alert sent")
        verbose_name_plural = _("alerts sent")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "subject_type", "subject_id", "cycle"],
                                    name="platform_alert_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject_type}#{self.subject_id} {self.cycle}".strip()
