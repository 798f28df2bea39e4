from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdminpanelConfig(AppConfig):
    name = "apps.adminpanel"
    label = "adminpanel"
    verbose_name = _("Admin operations")

    def ready(self) -> None:
        from apps.common.errors import register_error_codes
        from apps.platform.audit.types import register_audit_actions
        from apps.platform.events.types import register_event_types

        from . import events
        from .types import AUDIT_DESCRIPTIONS, AdminAuditAction, AdminErrorCode

        register_event_types(events.EVENT_TYPES, owner=self.label)
        register_audit_actions(AdminAuditAction, owner=self.label, descriptions=AUDIT_DESCRIPTIONS)
        register_error_codes(AdminErrorCode, owner=self.label)
