from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "apps.appointments"
    label = "appointments"
    verbose_name = _("Appointments")

    def ready(self) -> None:
        from apps.accounts.selectors import register_dashboard_section
        from apps.common.errors import register_error_codes
        from apps.platform.audit.types import register_audit_actions
        from apps.platform.events.types import register_event_types
        from apps.platform.notifications.types import register_notification_types

        from . import alerts, events, labels, notifications, rules
        from .demo import register_demo_seeder
        from .errors import AppointmentErrorCode
        from .selectors import dashboard_section

        register_event_types(events.EVENT_TYPES, owner=self.label)
        register_notification_types(notifications.NOTIFICATION_TYPES, owner=self.label)
        register_audit_actions(events.AppointmentAuditAction, owner=self.label, descriptions=events.AUDIT_DESCRIPTIONS)
        register_error_codes(AppointmentErrorCode, owner=self.label)
        register_dashboard_section(dashboard_section)
        notifications.register()
        alerts.register()
        labels.register()
        rules.register(self.label)
        register_demo_seeder(rules.seed_example_rules)
