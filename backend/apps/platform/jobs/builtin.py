"""The platform's own periodic jobs."""

from django.core.management import call_command
from rest_framework import serializers
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken
from rest_framework_simplejwt.utils import aware_utcnow

from ..events.services import requeue_pending_handlers
from ..notifications.delivery_alerts import failed_deliveries_alert
from ..notifications.services import deliveries_retry_due, notifications_prune
from .registry import register_job

HOUR = 3600


def retry_due_deliveries() -> dict:
    """Queue Telegram/email deliveries whose retry time has come."""
    return deliveries_retry_due()


class PruneParams(serializers.Serializer):
    keep_days = serializers.IntegerField(required=False, min_value=1, max_value=3650,
                                         help_text="Keep read notifications this many days (default "
                                                   "NOTIFICATIONS_KEEP_DAYS, 90).")


def prune_read_notifications(*, keep_days: int | None = None) -> dict:
    """Delete notifications read more than NOTIFICATIONS_KEEP_DAYS (90) days ago."""
    return notifications_prune(keep_days=keep_days)


def flush_expired_tokens() -> dict:
    """Delete expired refresh tokens from the outstanding/blacklist tables (simplejwt)."""
    expired = OutstandingToken.objects.filter(expires_at__lte=aware_utcnow()).count()
    call_command("flushexpiredtokens", verbosity=0)
    return {"deleted": expired}


def requeue_event_handlers() -> dict:
    """Queue the worker handlers (rules, scores, SLA notices) the broker could not take."""
    return requeue_pending_handlers()


def register_builtin_jobs() -> None:
    register_job("events.requeue_handlers", requeue_event_handlers, every_seconds=60)
    register_job("notifications.retry_deliveries", retry_due_deliveries, every_seconds=60)
    register_job("notifications.prune_read", prune_read_notifications, every_seconds=24 * HOUR, params=PruneParams)
    register_job("alerts.failed_deliveries", failed_deliveries_alert, every_seconds=300)
    register_job("auth.flush_expired_tokens", flush_expired_tokens, every_seconds=24 * HOUR)
