from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from apps.common.errors import register_error_codes
        from apps.platform.audit.types import register_audit_actions
        from apps.platform.events.types import register_event_types
        from apps.platform.notifications.channels import register_channel_address
        from apps.platform.notifications.types import Channel, register_notification_types

        from . import alerts, events, labels, notifications, schema  # noqa: F401  (schema registers the OpenAPI auth extension)
        from .types import AccountAuditAction, AccountErrorCode

        register_event_types(events.EVENT_TYPES, owner=self.label)
        register_audit_actions(AccountAuditAction, owner=self.label, descriptions=events.AUDIT_DESCRIPTIONS)
        register_notification_types(notifications.NOTIFICATION_TYPES, owner=self.label)
        register_error_codes(AccountErrorCode, owner=self.label)
        # Where the platform's Telegram channel reaches a user: their linked Telegram account.
        register_channel_address(Channel.TELEGRAM, lambda user: getattr(user, "telegram_id", None))
        notifications.register()
        alerts.register()
        labels.register()
