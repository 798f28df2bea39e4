"""Everything scoring registers into the platform and the other apps (called from ready())."""

from apps.platform.events.types import EVENT_TYPES


def register() -> None:
    from apps.accounts.selectors import register_dashboard_section
    from apps.appointments.demo import register_demo_seeder
    from apps.appointments.selectors import register_list_annotation, register_response_fields
    from apps.common.errors import register_error_codes
    from apps.platform.audit.types import register_audit_actions
    from apps.platform.events.services import register_handler
    from apps.platform.events.types import register_event_types
    from apps.platform.jobs import register_job
    from apps.reviews.selectors import register_public_profile_fields

    from . import demo, events, handlers, rules, selectors, services
    from .types import AUDIT_DESCRIPTIONS, ScoringAuditAction, ScoringErrorCode

    register_event_types(events.EVENT_TYPES, owner="scoring")
    register_audit_actions(ScoringAuditAction, owner="scoring", descriptions=AUDIT_DESCRIPTIONS)
    register_error_codes(ScoringErrorCode, owner="scoring")
    for event_type in (*handlers.APPOINTMENT_EVENTS, *handlers.REVIEW_EVENTS, *handlers.USER_EVENTS):
        register_handler(event_type, handlers.recompute_for_event, in_worker=True)
    # SLA breaches feed master performance once the SLA sweep registers its event type.
    if handlers.SLA_BREACHED in EVENT_TYPES:
        register_handler(handlers.SLA_BREACHED, handlers.recompute_for_event, in_worker=True)
    register_job(services.RECOMPUTE_JOB, services.scores_recompute, every_seconds=24 * 3600,
                 params=services.RecomputeParams,
                 description="Recompute every client's risk and every master's performance; clear expired "
                             "overrides; snapshot today.")
    register_list_annotation(selectors.annotate_client_risk)
    register_response_fields(selectors.appointment_client_risk)
    register_dashboard_section(selectors.dashboard_section)
    register_public_profile_fields(selectors.public_performance)
    register_demo_seeder(demo.seed_scores)
    rules.register("scoring")
