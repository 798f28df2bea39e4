from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class PlatformConfig(AppConfig):
    name = "apps.platform"
    label = "platform"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from apps.common.errors import register_error_codes

        from .audit.types import FLAG_AUDIT_DESCRIPTIONS, FlagAuditAction, register_audit_actions
        from .errors import PlatformErrorCode
        from .events.types import PLATFORM_EVENT_TYPES, register_event_types
        from .flags import services as flag_services  # noqa: F401  (connects the flag-cache invalidation)
        from .jobs.builtin import register_builtin_jobs
        from .notifications.types import PLATFORM_NOTIFICATION_TYPES, register_notification_types

        register_event_types(PLATFORM_EVENT_TYPES, owner=self.label)
        register_audit_actions(FlagAuditAction, owner=self.label, descriptions=FLAG_AUDIT_DESCRIPTIONS)
        register_notification_types(PLATFORM_NOTIFICATION_TYPES, owner=self.label)
        register_error_codes(PlatformErrorCode, owner=self.label)
        register_builtin_jobs()

        from .rules import types as rule_types
        from .rules.builtin import register_rules_builtins

        register_event_types(rule_types.EVENT_TYPES, owner=self.label)
        register_notification_types(rule_types.NOTIFICATION_TYPES, owner=self.label)
        register_audit_actions(rule_types.RuleAuditAction, owner=self.label, descriptions=rule_types.AUDIT_DESCRIPTIONS)
        register_error_codes(rule_types.RuleErrorCode, owner=self.label)
        register_rules_builtins()

        from .labels import register_platform_labelers

        register_platform_labelers()
        checks.register(check_event_handlers, "platform")


def check_event_handlers(app_configs=None, **kwargs) -> list[checks.Error]:
    """Every event handler listens to a registered event type (run once every app is ready)."""
    from .events.services import handler_problems

    return [checks.Error(problem, id="platform.E001") for problem in handler_problems()]
