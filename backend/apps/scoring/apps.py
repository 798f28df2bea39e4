from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "apps.scoring"
    label = "scoring"
    verbose_name = _("Scores")

    def ready(self) -> None:
        from . import registration
        from .api import schema  # noqa: F401  (the OpenAPI extension that lists client_risk on appointments)

        registration.register()
