from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "apps.reviews"
    label = "reviews"
    verbose_name = _("Reviews")

    def ready(self) -> None:
        from apps.accounts.selectors import register_dashboard_section
        from apps.appointments.demo import register_demo_clearer, register_demo_seeder
        from apps.appointments.selectors import register_extra_actions, register_list_annotation
        from apps.platform.jobs import register_job

        from . import demo, labels, notifications, selectors, services

        register_list_annotation(selectors.annotate_review_state)
        register_extra_actions(selectors.review_actions)
        register_dashboard_section(selectors.dashboard_section)
        register_demo_seeder(demo.seed_reviews)
        register_demo_clearer(demo.refresh_ratings_after_clear)
        register_job("reviews.publish_due", services.reviews_publish_due, every_seconds=600,
                     description="Publish lone reviews whose window after completion has passed.")
        notifications.register()
        labels.register()
