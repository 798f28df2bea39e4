"""Who hears about reviews (platform event handlers, after commit). A sealed review nudges the
other side to write theirs; a published one tells the person it is about."""

from apps.platform.events.services import register_handler
from apps.platform.notifications.services import notify
from apps.platform.notifications.types import NotificationSpec

from .models import Review
from .selectors import is_published, window_open
from .types import ReviewDirection, ReviewEvents, ReviewNotification

NOTIFICATION_TYPES = {ReviewNotification.REVIEW_RECEIVED: NotificationSpec("A review about you (or one to answer).")}

D = ReviewDirection

NUDGE = {
    D.CLIENT_TO_MASTER: {
        "ru": ("Клиент оставил отзыв", "«{title}»: оставьте отзыв о клиенте — после этого вы увидите оба."),
        "en": ("The client left a review", "“{title}”: review the client to see both reviews."),
    },
    D.MASTER_TO_CLIENT: {
        "ru": ("Мастер оставил отзыв", "«{title}»: оцените мастера — после этого вы увидите оба отзыва."),
        "en": ("The master left a review", "“{title}”: review the master to see both reviews."),
    },
}
RECEIVED = {
    "ru": ("Новый отзыв о вас", "«{title}»: оценка {rating} из 5."),
    "en": ("You have a new review", "“{title}”: rated {rating} out of 5."),
}


def _review(event) -> Review | None:
    return (Review.objects.select_related("appointment", "subject")
            .filter(pk=event.payload.get("review_id")).first())


def _send(review: Review, texts: dict, group: str) -> None:
    user = review.subject
    title, body = texts.get(user.language, texts["en"])
    context = {"title": review.appointment.title, "rating": review.rating}
    notify(user=user, type=ReviewNotification.REVIEW_RECEIVED, title=title, body=body.format(**context),
           subject=review.appointment, group_key=f"review:{group}:{review.pk}",
           data={"appointment_id": review.appointment_id, "review_id": review.pk, "direction": review.direction})


def _on_review_left(event) -> None:
    review = _review(event)
    if review is None or is_published(review) or not window_open(review.appointment):
        return
    other_side_done = Review.objects.filter(appointment_id=review.appointment_id).exclude(pk=review.pk).exists()
    if not other_side_done:
        _send(review, NUDGE[D(review.direction)], "left")


def _on_review_published(event) -> None:
    review = _review(event)
    if review is not None and not review.is_hidden:
        _send(review, RECEIVED, "published")


def register() -> None:
    register_handler(ReviewEvents.REVIEW_LEFT, _on_review_left)
    register_handler(ReviewEvents.REVIEW_PUBLISHED, _on_review_published)
