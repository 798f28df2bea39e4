from django.apps import AppConfig


class AdminpanelConfig(AppConfig):
    name = "apps.adminpanel"
    label = "adminpanel"
    verbose_name = "Admin operations"
