"""Who hears about what happens to an appointment. Runs after commit, as platform event handlers;
a failure here never undoes the action (the platform layer isolates handlers)."""

from apps.accounts.models import User
from apps.platform.events.services import register_handler
from apps.platform.events.types import EventType
from apps.platform.notifications.services import notify
from apps.platform.notifications.types import NotificationType

from .models import Appointment

T = EventType
N = NotificationType

# event -> (notification type, who is told, {language: (title, body)}); body gets .format(**context)
NOTICES: dict[EventType, tuple[NotificationType, str, dict[str, tuple[str, str]]]] = {
    T.APPOINTMENT_TAKEN: (N.APPOINTMENT_UPDATE, "client", {
        "ru": ("Мастер взял вашу заявку", "{master} взял заявку «{title}» и скоро назовёт цену."),
        "en": ("A master took your request", "{master} took “{title}” and will price it soon."),
    }),
    T.APPOINTMENT_PRICED: (N.APPOINTMENT_UPDATE, "client", {
        "ru": ("Заявка оценена", "«{title}»: {price} {currency}. Оплатите и загрузите подтверждение."),
        "en": ("Your request is priced", "“{title}”: {price} {currency}. Pay and upload the proof."),
    }),
    T.APPOINTMENT_MARKED_PAID: (N.PAYMENT_PROOF_UPLOADED, "master", {
        "ru": ("Клиент оплатил", "«{title}»: проверьте подтверждение оплаты."),
        "en": ("The client has paid", "“{title}”: check the payment proof."),
    }),
    T.APPOINTMENT_PROOF_UPLOADED: (N.PAYMENT_PROOF_UPLOADED, "master_if_marked", {
        "ru": ("Новое подтверждение оплаты", "«{title}»: клиент заменил подтверждение оплаты."),
        "en": ("New payment proof", "“{title}”: the client replaced the payment proof."),
    }),
    T.APPOINTMENT_PAYMENT_CONFIRMED: (N.PAYMENT_CONFIRMED, "client", {
        "ru": ("Оплата подтверждена", "«{title}»: оплата получена."),
        "en": ("Payment confirmed", "“{title}”: payment received."),
    }),
    T.APPOINTMENT_PAYMENT_REJECTED: (N.PAYMENT_REJECTED, "client", {
        "ru": ("Оплата не подтверждена", "«{title}»: {reason}"),
        "en": ("Payment not confirmed", "“{title}”: {reason}"),
    }),
    T.APPOINTMENT_STARTED: (N.APPOINTMENT_UPDATE, "client", {
        "ru": ("Работа началась", "«{title}»: мастер приступил к работе."),
        "en": ("Work has started", "“{title}”: the master has started."),
    }),
    T.APPOINTMENT_COMPLETED: (N.APPOINTMENT_UPDATE, "client", {
        "ru": ("Работа завершена", "«{title}» выполнена. Оставьте отзыв о мастере."),
        "en": ("Work completed", "“{title}” is done. Leave a review for the master."),
    }),
    T.APPOINTMENT_DECLINED: (N.APPOINTMENT_UPDATE, "client", {
        "ru": ("Мастер отказался", "«{title}»: {reason}"),
        "en": ("The master declined", "“{title}”: {reason}"),
    }),
    T.APPOINTMENT_CANCELLED: (N.APPOINTMENT_UPDATE, "master", {
        "ru": ("Клиент отменил заявку", "«{title}» отменена."),
        "en": ("The client cancelled", "“{title}” was cancelled."),
    }),
    T.APPOINTMENT_STATUS_SET: (N.APPOINTMENT_UPDATE, "both", {
        "ru": ("Статус изменён администратором", "«{title}»: {to_status}. {reason}"),
        "en": ("Status changed by an admin", "“{title}”: {to_status}. {reason}"),
    }),
}


def _recipients(appointment: Appointment, who: str, event) -> list:
    people = []
    if who in ("client", "both"):
        people.append(appointment.client)
    if who in ("master", "both") and appointment.master_id:
        people.append(appointment.master)
    released = event.payload.get("released_master_id")
    if who == "both" and released and released != appointment.master_id:
        people.extend(User.objects.filter(pk=released))
    if who == "master_if_marked" and appointment.master_id and appointment.marked_paid_at:
        people.append(appointment.master)
    return [p for p in people if p.pk != getattr(event, "actor_id", None)]


def _handle(event) -> None:
    notice = NOTICES.get(EventType(event.type))
    if notice is None:
        return
    kind, who, texts = notice
    appointment = (Appointment.objects.select_related("client", "master")
                   .filter(pk=event.payload.get("appointment_id")).first())
    if appointment is None:
        return
    context = {
        "title": appointment.title,
        "master": appointment.master.public_name if appointment.master_id else "",
        "price": appointment.price if appointment.price is not None else "",
        "currency": appointment.currency,
        "reason": event.payload.get("reason", ""),
        "to_status": event.payload.get("to_status", ""),
    }
    for user in _recipients(appointment, who, event):
        title, body = texts.get(user.language, texts["en"])
        notify(user=user, type=kind, title=title, body=body.format(**context).strip(), subject=appointment,
               data={"appointment_id": appointment.pk, "event": event.type, "status": appointment.status})


def register() -> None:
    for event_type in NOTICES:
        register_handler(event_type, _handle)
