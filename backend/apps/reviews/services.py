"""Writes of reviews: leave one, publish what is due, moderate, keep the master's rating summary
(reviews' own MasterRating row) current."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework import serializers

from apps.accounts.models import MasterProfile
from apps.appointments.models import Appointment, AppointmentEventType, AppointmentStatus
from apps.appointments.selectors import appointments_visible_to
from apps.appointments.services import appointment_lock, appointment_record_event
from apps.common.capabilities import Capability, has_capability
from apps.common.errors import ApplicationError, Conflict, ErrorCode, Forbidden, NotFound
from apps.platform.actors import job_actor

from . import events
from .models import COMMENT_MAX_LENGTH, MasterRating, Review
from .selectors import is_reviewer, rating_summary_compute, review_window, window_open
from .types import FLAGS, ReviewDirection, ReviewErrorCode

D = ReviewDirection
PUBLISH_JOB = "reviews.publish_due"
PUBLISHER = job_actor(PUBLISH_JOB)  # who publishes the lone reviews whose window has passed


def clean_flags(direction: str, flags) -> list[str]:
    """The flags in vocabulary order, without duplicates; an unknown flag is a 400."""
    vocabulary = FLAGS[direction]
    flags = list(flags or [])
    unknown = sorted({str(f) for f in flags} - {f.value for f in vocabulary})
    if unknown:
        raise ApplicationError(ErrorCode.INVALID, f"Unknown flag: {', '.join(unknown)}.", 400,
                               errors={"flags": [f"Choose from {', '.join(f.value for f in vocabulary)}."]})
    return [f.value for f in vocabulary if f.value in set(flags)]


def _lock_appointment_for_review(*, appointment_id: int, author, direction: str) -> Appointment:
    """Visible (404 otherwise), locked, and reviewable by `author` in `direction` right now."""
    if not appointments_visible_to(author).filter(pk=appointment_id).exists():
        raise NotFound()
    # The appointment's own lock serialises the two directions of one appointment (and any
    # transition), so that whichever review comes second always sees the first and publishes both.
    appointment = appointment_lock(appointment_id=appointment_id)
    if not is_reviewer(appointment, author, direction):
        who = "client" if direction == D.CLIENT_TO_MASTER else "assigned master"
        raise Forbidden(f"Only the appointment's {who} leaves this review.")
    if appointment.status != AppointmentStatus.COMPLETED:
        raise Conflict("Reviews are left once the appointment is completed.", code=ReviewErrorCode.REVIEW_NOT_ALLOWED,
                       status=appointment.status)
    if not window_open(appointment):
        raise Conflict(f"Reviews are left within {review_window().days} days of completion.",
                       code=ReviewErrorCode.REVIEW_WINDOW_CLOSED, status=appointment.status)
    return appointment


def review_leave(*, appointment_id: int, author, direction: str, rating: int, comment: str = "",
                 flags=None) -> Review:
    """The client reviews the master (client_to_master) or the master the client. One per
    direction: a second one is 409 `already_reviewed`, also when two arrive at the same moment
    (the unique constraint decides)."""
    direction = D(direction)
    if not isinstance(rating, int) or isinstance(rating, bool) or not 1 <= rating <= 5:
        raise ApplicationError(ErrorCode.INVALID, "The rating is a whole number from 1 to 5.", 400,
                               errors={"rating": ["1 to 5."]})
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise ApplicationError(ErrorCode.INVALID, f"The comment is at most {COMMENT_MAX_LENGTH} characters.", 400,
                               errors={"comment": [f"At most {COMMENT_MAX_LENGTH} characters."]})
    flags = clean_flags(direction, flags)
    with transaction.atomic():
        appointment = _lock_appointment_for_review(appointment_id=appointment_id, author=author, direction=direction)
        if Review.objects.filter(appointment=appointment, direction=direction).exists():
            raise Conflict("This review has already been left.", code=ReviewErrorCode.ALREADY_REVIEWED)
        subject_id = appointment.master_id if direction == D.CLIENT_TO_MASTER else appointment.client_id
        try:
            with transaction.atomic():
                review = Review.objects.create(appointment=appointment, direction=direction, author=author,
                                               subject_id=subject_id, rating=rating, comment=comment, flags=flags)
        except IntegrityError:
            raise Conflict("This review has already been left.", code=ReviewErrorCode.ALREADY_REVIEWED)
        review.appointment = appointment
        appointment_record_event(appointment=appointment, actor=author, type=AppointmentEventType.REVIEW_LEFT,
                                 data={"review_id": review.pk, "direction": direction})  # no rating: double-blind
        left = events.review_left(review)
        both_in = Review.objects.filter(appointment=appointment).count() == len(D.values)
        if both_in:  # the second review publishes both: its author did it, and their review caused it
            _publish(Review.objects.filter(appointment=appointment, published_at__isnull=True), actor=author,
                     caused_by=left)
    review.refresh_from_db()
    return review


def _publish(candidates, *, actor, caused_by=None) -> list[Review]:
    """Publish each review exactly once (a conditional update per row: of the job and a second
    review racing, one publishes and emits the event). Refreshes the rating of affected masters."""
    now = timezone.now()
    published = []
    for review in candidates.select_related("appointment"):
        if Review.objects.filter(pk=review.pk, published_at__isnull=True).update(published_at=now):
            review.published_at = now
            published.append(review)
            events.review_published(review, actor=actor, caused_by=caused_by)
    for master_id in {r.subject_id for r in published if r.direction == D.CLIENT_TO_MASTER}:
        master_rating_refresh(master_id=master_id)
    return published


class PublishParams(serializers.Serializer):
    limit = serializers.IntegerField(required=False, min_value=1, max_value=10000,
                                     help_text="At most this many reviews in one run (default 1000).")


def reviews_publish_due(*, limit: int = 1000) -> dict:
    """The periodic job: publish lone reviews whose window has passed and tell their subjects."""
    cutoff = timezone.now() - review_window()
    due_ids = list(Review.objects.filter(published_at__isnull=True, appointment__completed_at__lte=cutoff)
                   .order_by("id").values_list("pk", flat=True)[:limit])
    with transaction.atomic():
        published = _publish(Review.objects.filter(pk__in=due_ids), actor=PUBLISHER)
    return {"published": len(published), "more": len(due_ids) == limit}


@transaction.atomic
def master_rating_refresh(*, master_id: int) -> MasterRating | None:
    """Recompute the master's rating summary (reviews' own row) from the reviews; None for a user
    who is not a master. The summary row is locked first, so of two concurrent refreshes the later
    one computes after the earlier one committed."""
    if not MasterProfile.objects.filter(user_id=master_id).exists():
        return None
    try:
        with transaction.atomic():
            MasterRating.objects.get_or_create(master_id=master_id)
    except IntegrityError:
        pass  # a concurrent refresh created it: lock theirs
    rating = MasterRating.objects.select_for_update().get(master_id=master_id)
    summary = rating_summary_compute(master_id=master_id)
    rating.average, rating.count, rating.distribution = summary.average, summary.count, summary.distribution
    rating.save()
    return rating


def _set_hidden(*, review_id: int, actor, hidden: bool, reason: str) -> Review:
    if not has_capability(actor, Capability.REVIEWS_MODERATE):
        raise Forbidden()
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(ErrorCode.INVALID, "A reason is required.", 400, errors={"reason": ["Required."]})
    with transaction.atomic():
        review = Review.objects.select_for_update().filter(pk=review_id).first()
        if review is None:
            raise NotFound()
        if review.is_hidden == hidden:
            return review  # already so: nothing changes, nothing is recorded
        review.is_hidden = hidden
        review.hidden_at = timezone.now() if hidden else None
        review.hidden_by = actor if hidden else None
        review.hidden_reason = reason[:500] if hidden else ""
        review.save(update_fields=["is_hidden", "hidden_at", "hidden_by", "hidden_reason"])
        events.review_moderated(review, actor=actor, hidden=hidden, reason=reason)
        if review.direction == D.CLIENT_TO_MASTER:
            master_rating_refresh(master_id=review.subject_id)
    return review


def review_hide(*, review_id: int, actor, reason: str) -> Review:
    return _set_hidden(review_id=review_id, actor=actor, hidden=True, reason=reason)


def review_unhide(*, review_id: int, actor, reason: str) -> Review:
    return _set_hidden(review_id=review_id, actor=actor, hidden=False, reason=reason)
