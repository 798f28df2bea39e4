from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatConfig(AppConfig):
    name = "apps.chat"
    label = "chat"
    verbose_name = _("Chat")

    def ready(self) -> None:
        from apps.accounts.selectors import register_dashboard_section
        from apps.appointments.demo import register_demo_seeder
        from apps.appointments.selectors import register_list_annotation
        from apps.platform.audit.types import register_audit_actions
        from apps.platform.events.types import register_event_types
        from apps.platform.notifications.types import register_notification_types

        from . import demo, events, labels, notifications
        from .selectors import annotate_unread_count, dashboard_section
        from .types import AUDIT_DESCRIPTIONS, ChatAuditAction

        register_event_types(events.EVENT_TYPES, owner=self.label)
        register_notification_types(notifications.NOTIFICATION_TYPES, owner=self.label)
        register_audit_actions(ChatAuditAction, owner=self.label, descriptions=AUDIT_DESCRIPTIONS)

        register_list_annotation(annotate_unread_count)
        register_dashboard_section(dashboard_section)
        register_demo_seeder(demo.seed_chats)
        notifications.register()
        labels.register()
