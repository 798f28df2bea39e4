"""The names of the reviews app: directions, the fixed flag vocabularies, error codes, audit actions,
platform events and notification types (registered in ReviewsConfig.ready())."""

from enum import StrEnum

from django.db import models


class ReviewDirection(models.TextChoices):
    CLIENT_TO_MASTER = "client_to_master", "Client reviews master"  # POST .../review-master/
    MASTER_TO_CLIENT = "master_to_client", "Master reviews client"  # POST .../review-client/


class MasterFlag(StrEnum):
    """What a client may say about a master (review-master)."""

    EXCELLENT = "excellent"
    PUNCTUAL = "punctual"
    POLITE = "polite"
    CLEAN = "clean"
    LATE = "late"
    POOR_QUALITY = "poor_quality"
    RUDE = "rude"


class ClientFlag(StrEnum):
    """What a master may say about a client (review-client)."""

    POLITE = "polite"
    PUNCTUAL = "punctual"
    NO_SHOW = "no_show"
    LATE = "late"
    RUDE = "rude"
    PAYMENT_ISSUE = "payment_issue"


FLAGS: dict[str, type[StrEnum]] = {
    ReviewDirection.CLIENT_TO_MASTER: MasterFlag,
    ReviewDirection.MASTER_TO_CLIENT: ClientFlag,
}

NEGATIVE_FLAGS = frozenset({"late", "poor_quality", "rude", "no_show", "payment_issue"})
POSITIVE_FLAGS = frozenset({"excellent", "punctual", "polite", "clean"})
# The vocabularies as plain lists (the OpenAPI schema names their enums from these).
MASTER_FLAGS: list[str] = [f.value for f in MasterFlag]
CLIENT_FLAGS: list[str] = [f.value for f in ClientFlag]
# Every flag of either direction (what a review may carry), positive ones first.
REVIEW_FLAGS: list[str] = [*dict.fromkeys(f.value for vocabulary in (MasterFlag, ClientFlag) for f in vocabulary)]
REVIEW_FLAGS.sort(key=lambda flag: flag in NEGATIVE_FLAGS)


def flags_help(vocabulary) -> str:
    positive = ", ".join(f"`{f.value}`" for f in vocabulary if f.value in POSITIVE_FLAGS)
    negative = ", ".join(f"`{f.value}`" for f in vocabulary if f.value in NEGATIVE_FLAGS)
    return f"Positive: {positive}. Negative: {negative}."


class ReviewAction(StrEnum):
    """The `allowed_actions` entries the reviews app adds to an appointment."""

    REVIEW_MASTER = "review_master"
    REVIEW_CLIENT = "review_client"


ACTION_DIRECTION = {
    ReviewAction.REVIEW_MASTER: ReviewDirection.CLIENT_TO_MASTER,
    ReviewAction.REVIEW_CLIENT: ReviewDirection.MASTER_TO_CLIENT,
}


class ReviewErrorCode(StrEnum):
    ALREADY_REVIEWED = "already_reviewed"  # a second review in the same direction
    REVIEW_NOT_ALLOWED = "review_not_allowed"  # the appointment isn't COMPLETED
    REVIEW_WINDOW_CLOSED = "review_window_closed"  # REVIEW_WINDOW_DAYS after completion have passed


class ReviewAuditAction(StrEnum):
    HIDDEN = "review.hidden"
    UNHIDDEN = "review.unhidden"


AUDIT_DESCRIPTIONS = {
    ReviewAuditAction.HIDDEN: "A moderator hid a review (it leaves the public profile and the rating).",
    ReviewAuditAction.UNHIDDEN: "A moderator showed a hidden review again.",
}


class ReviewEvents(StrEnum):
    REVIEW_LEFT = "review.left"
    REVIEW_PUBLISHED = "review.published"


class ReviewNotification(StrEnum):
    REVIEW_RECEIVED = "review_received"
