"""Machine codes of the appointments' own refusals."""

from enum import StrEnum


class AppointmentErrorCode(StrEnum):
    ALREADY_TAKEN = "already_taken"  # take: the request left the queue (no detail: the caller can't see it)
    MASTER_REQUIRED = "master_required"  # set-status to a status that needs an assigned master
    PRICE_REQUIRED = "price_required"  # set-status to a status that needs a price
