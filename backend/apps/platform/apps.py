from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlatformConfig(AppConfig):
    name = "apps.platform"
    label = "platform"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from .flags import services as flag_services  # noqa: F401  (connects the flag-cache invalidation)
        from .jobs.builtin import register_builtin_jobs

        register_builtin_jobs()

        from .labels import register_platform_labelers

        register_platform_labelers()
