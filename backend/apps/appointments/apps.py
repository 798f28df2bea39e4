from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "apps.appointments"
    label = "appointments"
    verbose_name = _("Appointments")

    def ready(self) -> None:
        from apps.accounts.selectors import register_dashboard_section

        from . import alerts, labels, notifications
        from .selectors import dashboard_section

        register_dashboard_section(dashboard_section)
        notifications.register()
        alerts.register()
        labels.register()
