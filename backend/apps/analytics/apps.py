from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "apps.analytics"
    label = "analytics"
    verbose_name = _("Analytics")

    def ready(self) -> None:
        from apps.accounts.selectors import register_dashboard_section
        from apps.appointments.demo import register_demo_seeder
        from apps.platform.jobs import register_job

        from . import demo, selectors, services
        from .metrics import register_all
        from .metrics.scores import master_performance_levels
        from .registry import register_master_column

        register_all()
        register_master_column("performance_level", master_performance_levels)
        register_dashboard_section(selectors.dashboard_section)
        register_demo_seeder(demo.seed_analytics)
        register_job(services.ROLLUP_JOB, services.metrics_rollup, every_seconds=24 * 3600,
                     params=services.RollupParams,
                     description="Recompute the daily metrics of yesterday and the 7 days before.")
