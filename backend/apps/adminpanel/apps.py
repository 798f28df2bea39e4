from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdminpanelConfig(AppConfig):
    name = "apps.adminpanel"
    label = "adminpanel"
    verbose_name = _("Admin operations")
