"""How an appointment's names read in the texts the server writes (notifications, labels), in the
same words as the SPA's screens."""

from apps.common.formats import language_of

from .models import Appointment, AppointmentStatus

S = AppointmentStatus

STATUS_WORDS: dict[str, dict[str, str]] = {
    S.NEW: {"ru": "Новая", "en": "New"},
    S.IN_REVIEW: {"ru": "На рассмотрении", "en": "In review"},
    S.AWAITING_PAYMENT: {"ru": "Ожидает оплаты", "en": "Awaiting payment"},
    S.PAYMENT_PROOF_UPLOADED: {"ru": "Оплата отправлена", "en": "Payment sent"},
    S.PAID: {"ru": "Оплачена", "en": "Paid"},
    S.IN_PROGRESS: {"ru": "В работе", "en": "In progress"},
    S.COMPLETED: {"ru": "Выполнена", "en": "Completed"},
    S.DECLINED_BY_MASTER: {"ru": "Отклонена мастером", "en": "Declined by master"},
    S.CANCELLED: {"ru": "Отменена", "en": "Cancelled"},
}

REQUESTS = {"ru": {"one": "заявка", "few": "заявки", "many": "заявок", "other": "заявки"},
            "en": {"one": "request", "other": "requests"}}


def status_word(status: str | None, language: str | None) -> str:
    if not status:
        return ""
    return STATUS_WORDS.get(status, {}).get(language_of(language), str(status))


def appointment_label(appointment_id, title: str | None, language: str | None) -> str:
    """"Заявка #12 «Стрижка»" / "Request #12 “Haircut”"; without a title (the row is gone), just the number."""
    if language_of(language) == "ru":
        return f"Заявка #{appointment_id} «{title}»" if title else f"Заявка #{appointment_id}"
    return f"Request #{appointment_id} “{title}”" if title else f"Request #{appointment_id}"


def label_of(appointment: Appointment, language: str | None) -> str:
    return appointment_label(appointment.pk, appointment.title, language)
