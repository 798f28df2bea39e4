"""Machine codes of the platform's own refusals (the generic ones live in apps.common.errors)."""

from enum import StrEnum


class PlatformErrorCode(StrEnum):
    FLAG_EXISTS = "flag_exists"
    NOTIFICATION_CRITICAL = "notification_critical"
