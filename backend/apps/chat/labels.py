"""Labels of chat messages for the admin's event and audit lists (apps.platform.labels)."""

from collections.abc import Sequence

from apps.appointments.words import appointment_label
from apps.platform.labels import int_ids, register_labeler

from .models import Message

MESSAGE = {"ru": "Сообщение #{id} в чате: {appointment}", "en": "Message #{id} in the chat of {appointment}"}


def _labels(ids: Sequence[str], language: str) -> dict[str, str]:
    rows = Message.objects.filter(pk__in=int_ids(ids)).values_list("pk", "appointment_id", "appointment__title")
    return {str(pk): MESSAGE[language].format(id=pk, appointment=appointment_label(appointment_id, title, language))
            for pk, appointment_id, title in rows}


def register() -> None:
    register_labeler(Message._meta.label_lower, _labels)
