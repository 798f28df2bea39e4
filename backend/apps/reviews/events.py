"""Platform events of reviews: one when a review is left, one when it becomes visible."""

from apps.platform.events.services import emit
from apps.platform.events.types import EventType

from .models import Review


def _payload(review: Review) -> dict:
    return {"review_id": review.pk, "appointment_id": review.appointment_id, "direction": review.direction,
            "author_id": review.author_id, "subject_id": review.subject_id, "rating": review.rating,
            "flags": list(review.flags)}


def review_left(review: Review) -> None:
    emit(EventType.REVIEW_LEFT, actor=review.author, subject=review, payload=_payload(review))


def review_published(review: Review) -> None:
    emit(EventType.REVIEW_PUBLISHED, subject=review,
         payload={**_payload(review), "published_at": review.published_at})
