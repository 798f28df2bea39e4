"""Labels of reviews for the admin's event and audit lists (apps.platform.labels)."""

from collections.abc import Sequence

from apps.appointments.words import appointment_label
from apps.platform.labels import int_ids, register_labeler

from .models import Review
from .types import ReviewDirection

REVIEW = {
    ReviewDirection.CLIENT_TO_MASTER: {"ru": "Отзыв клиента о мастере: {appointment}",
                                       "en": "Client's review of the master: {appointment}"},
    ReviewDirection.MASTER_TO_CLIENT: {"ru": "Отзыв мастера о клиенте: {appointment}",
                                       "en": "Master's review of the client: {appointment}"},
}


def _labels(ids: Sequence[str], language: str) -> dict[str, str]:
    rows = Review.objects.filter(pk__in=int_ids(ids)).values_list("pk", "direction", "appointment_id",
                                                                  "appointment__title")
    return {str(pk): REVIEW[direction][language].format(appointment=appointment_label(appointment_id, title,
                                                                                      language))
            for pk, direction, appointment_id, title in rows}


def register() -> None:
    register_labeler(Review._meta.label_lower, _labels)
