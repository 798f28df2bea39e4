from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "apps.reviews"
    label = "reviews"
    verbose_name = _("Reviews")

    def ready(self) -> None:
        from apps.accounts.selectors import register_dashboard_section, register_master_summary
        from apps.appointments.demo import register_demo_clearer, register_demo_seeder
        from apps.appointments.selectors import register_extra_actions, register_list_annotation
        from apps.common.errors import register_error_codes
        from apps.platform.audit.types import register_audit_actions
        from apps.platform.events.types import register_event_types
        from apps.platform.jobs import register_job
        from apps.platform.notifications.types import register_notification_types

        from . import demo, events, labels, notifications, rules, selectors, services
        from .types import AUDIT_DESCRIPTIONS, ReviewAuditAction, ReviewErrorCode

        register_event_types(events.EVENT_TYPES, owner=self.label)
        register_notification_types(notifications.NOTIFICATION_TYPES, owner=self.label)
        register_audit_actions(ReviewAuditAction, owner=self.label, descriptions=AUDIT_DESCRIPTIONS)
        register_error_codes(ReviewErrorCode, owner=self.label)
        register_list_annotation(selectors.annotate_review_state)
        register_extra_actions(selectors.review_actions)
        register_dashboard_section(selectors.dashboard_section)
        register_master_summary(selectors.master_summary)
        register_demo_seeder(demo.seed_reviews)
        register_demo_clearer(demo.refresh_ratings_after_clear)
        register_job(services.PUBLISH_JOB, services.reviews_publish_due, every_seconds=600,
                     params=services.PublishParams,
                     description="Publish lone reviews whose window after completion has passed.")
        notifications.register()
        labels.register()
        rules.register(self.label)
