"""The platform's models live beside their services (events/, audit/, flags/, notifications/,
jobs/); Django finds them through this module."""

from .audit.models import AuditEntry
from .events.models import PendingHandlerRun, PlatformEvent
from .flags.models import FeatureFlag
from .jobs.models import JobHeartbeat
from .notifications.models import Notification, NotificationDelivery, NotificationPreference
from .rules.models import Rule, RuleRun, RuleVersion

__all__ = ["AuditEntry", "FeatureFlag", "JobHeartbeat", "Notification", "NotificationDelivery",
           "NotificationPreference", "PendingHandlerRun", "PlatformEvent", "Rule", "RuleRun", "RuleVersion"]
