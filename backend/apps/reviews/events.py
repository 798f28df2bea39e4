"""Platform events of reviews: one when a review is left, one when it becomes visible; and the
audit entry of a moderator hiding or showing one."""

from apps.platform.audit.services import audit_record
from apps.platform.events.models import PlatformEvent
from apps.platform.events.services import emit
from apps.platform.events.types import EventSpec

from .models import Review
from .types import ReviewAuditAction, ReviewEvents

_REVIEW = {"review_id": "the review", "appointment_id": "its appointment",
           "direction": "client_to_master or master_to_client", "author_id": "who wrote it",
           "subject_id": "whom it is about", "rating": "1 to 5", "flags": "the behaviour flags given"}

EVENT_TYPES = {
    ReviewEvents.REVIEW_LEFT: EventSpec("A side left its review (sealed until both are in or the window "
                                        "passes).", _REVIEW),
    ReviewEvents.REVIEW_PUBLISHED: EventSpec("A review became visible to the other side and the public.", {
        **_REVIEW, "published_at": "when"}),
}


def _payload(review: Review) -> dict:
    return {"review_id": review.pk, "appointment_id": review.appointment_id, "direction": review.direction,
            "author_id": review.author_id, "subject_id": review.subject_id, "rating": review.rating,
            "flags": list(review.flags)}


def review_left(review: Review) -> PlatformEvent:
    return emit(ReviewEvents.REVIEW_LEFT, actor=review.author, subject=review, payload=_payload(review))


def review_published(review: Review, *, actor, caused_by: PlatformEvent | None = None) -> PlatformEvent:
    """`actor`: whoever's action published it (the second reviewer), or the publishing job's
    system actor; `caused_by`: the second review's `review.left`, when that is what published it."""
    return emit(ReviewEvents.REVIEW_PUBLISHED, actor=actor, subject=review, caused_by=caused_by,
                payload={**_payload(review), "published_at": review.published_at})


def review_moderated(review: Review, *, actor, hidden: bool, reason: str) -> None:
    audit_record(actor=actor, action=ReviewAuditAction.HIDDEN if hidden else ReviewAuditAction.UNHIDDEN,
                 target=review, changes={"is_hidden": [not hidden, hidden]}, reason=reason,
                 metadata={"appointment_id": review.appointment_id, "direction": review.direction,
                           "subject_id": review.subject_id})
