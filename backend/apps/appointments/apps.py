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
        from apps.platform.jobs import register_job
        from apps.platform.notifications.types import register_notification_types

        from . import alerts, events, labels, notifications, rules
        from .demo import register_demo_seeder
        from .errors import AppointmentErrorCode
        from .selectors import dashboard_section, register_list_annotation
        from .sla import demo as sla_demo
        from .sla import notifications as sla_notifications
        from .sla import selectors as sla_selectors
        from .sla import sweep as sla_sweep

        register_event_types(events.EVENT_TYPES, owner=self.label)
        register_notification_types(notifications.NOTIFICATION_TYPES, owner=self.label)
        register_audit_actions(events.AppointmentAuditAction, owner=self.label, descriptions=events.AUDIT_DESCRIPTIONS)
        register_event_types(events.SLA_EVENT_TYPES, owner=self.label)
        register_audit_actions(events.SlaAuditAction, owner=self.label, descriptions=events.SLA_AUDIT_DESCRIPTIONS)
        register_error_codes(AppointmentErrorCode, owner=self.label)
        register_dashboard_section(dashboard_section)
        register_list_annotation(sla_selectors.with_open_clocks)
        register_dashboard_section(sla_selectors.dashboard_section)
        register_demo_seeder(sla_demo.seed_demo_clocks)
        notifications.register()
        sla_notifications.register()
        register_job(sla_sweep.JOB, sla_sweep.sla_sweep, every_seconds=60)
        alerts.register()
        labels.register()
        rules.register(self.label)
        register_demo_seeder(rules.seed_example_rules)
