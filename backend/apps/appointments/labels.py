"""Labels of appointments for the admin's event and audit lists (apps.platform.labels)."""

from collections.abc import Sequence

from apps.platform.labels import int_ids, register_labeler

from .models import Appointment
from .words import appointment_label


def appointment_titles(ids: Sequence[int]) -> dict[int, str]:
    return dict(Appointment.objects.filter(pk__in=list(ids)).values_list("pk", "title"))


def _labels(ids: Sequence[str], language: str) -> dict[str, str]:
    return {str(pk): appointment_label(pk, title, language) for pk, title in appointment_titles(int_ids(ids)).items()}


def register() -> None:
    register_labeler(Appointment._meta.label_lower, _labels)
