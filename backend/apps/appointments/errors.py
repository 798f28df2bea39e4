"""Machine codes of the appointments' own refusals (registered in AppointmentsConfig.ready())."""

from enum import StrEnum


class AppointmentErrorCode(StrEnum):
    INVALID_TRANSITION = "invalid_transition"  # wrong status for the action (409, with the current `status`)
    MASTER_NOT_ACTIVE = "master_not_active"  # a master whose profile isn't active takes or opens the queue
    ALREADY_TAKEN = "already_taken"  # take: the request left the queue (no detail: the caller can't see it)
    MASTER_REQUIRED = "master_required"  # set-status to a status that needs an assigned master
    PRICE_REQUIRED = "price_required"  # set-status to a status that needs a price
    PAYMENT_REVIEW_REQUIRED = "payment_review_required"  # a rule asked for an admin's review of the payment
    INVALID_TAG = "invalid_tag"  # a tag that is not 1-40 letters (any alphabet), digits, - or _
