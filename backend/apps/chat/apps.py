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

        from . import demo, labels, notifications
        from .selectors import annotate_unread_count, dashboard_section

        register_list_annotation(annotate_unread_count)
        register_dashboard_section(dashboard_section)
        register_demo_seeder(demo.seed_chats)
        notifications.register()
        labels.register()
