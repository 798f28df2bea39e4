from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from apps.platform.audit.types import register_audit_actions
        from apps.platform.events.types import register_event_types
        from apps.platform.notifications.channels import register_channel_address
        from apps.platform.notifications.types import Channel, register_notification_types

        from . import events, notifications, schema  # noqa: F401  (schema registers the OpenAPI auth extension)
        from .types import AccountAuditAction

        register_event_types(events.EVENT_TYPES, owner=self.label)
        register_audit_actions(AccountAuditAction, owner=self.label, descriptions=events.AUDIT_DESCRIPTIONS)
        register_notification_types(notifications.NOTIFICATION_TYPES, owner=self.label)
        # Where the platform's Telegram channel reaches a user: their linked Telegram account.
        register_channel_address(Channel.TELEGRAM, lambda user: getattr(user, "telegram_id", None))
        notifications.register()
