"""Who hears about what happens to an appointment. Runs after commit, as platform event handlers;
a failure here never undoes the action (the platform layer isolates handlers)."""

from enum import StrEnum

from apps.accounts.models import User
from apps.common.capabilities import Capability
from apps.common.formats import format_money
from apps.platform.events.services import register_handler
from apps.platform.notifications.services import notify_many
from apps.platform.notifications.types import NotificationSpec

from .events import AppointmentEvents as T
from .models import Appointment
from .selectors import appointment_of_event
from .words import status_word


class AppointmentNotification(StrEnum):
    APPOINTMENT_UPDATE = "appointment_update"
    PAYMENT_PROOF_UPLOADED = "payment_proof_uploaded"
    PAYMENT_CONFIRMED = "payment_confirmed"
    PAYMENT_REJECTED = "payment_rejected"
    NEW_REQUEST = "new_request"  # masters: a client asked for something
    PAYMENT_WAITING = "payment_waiting"  # admins: a payment proof waits for confirmation too long
    SLA_BREACH = "sla_breach"  # a stage past its SLA deadline (the assigned master, appointment managers)
    SLA_WARNING = "sla_warning"  # a stage's SLA deadline is near (the assigned master)
    PAYMENT_REMINDER = "payment_reminder"  # clients: the price waits for payment longer than the SLA's pay target


N = AppointmentNotification
NOTIFICATION_TYPES = {
    N.APPOINTMENT_UPDATE: NotificationSpec("Your request or job moved on (taken, priced, started, done...)."),
    N.PAYMENT_PROOF_UPLOADED: NotificationSpec("The client sent a payment proof to check."),
    N.PAYMENT_CONFIRMED: NotificationSpec("Your payment was confirmed."),
    N.PAYMENT_REJECTED: NotificationSpec("Your payment proof was not accepted.", critical=True),
    N.NEW_REQUEST: NotificationSpec("A client asked for a service (masters).",
                                    audience=frozenset({Capability.APPOINTMENTS_WORK})),
    N.PAYMENT_WAITING: NotificationSpec("A payment proof has waited for confirmation too long (admins).",
                                        audience=frozenset({Capability.PAYMENTS_CONFIRM})),
    N.SLA_BREACH: NotificationSpec("A request is past its deadline.",
                                   audience=frozenset({Capability.APPOINTMENTS_WORK, Capability.APPOINTMENTS_MANAGE})),
    N.SLA_WARNING: NotificationSpec("A request's deadline is near (masters).",
                                    audience=frozenset({Capability.APPOINTMENTS_WORK})),
    N.PAYMENT_REMINDER: NotificationSpec("A reminder to pay for a priced request.",
                                         audience=frozenset({Capability.APPOINTMENTS_CREATE})),
}

# event -> (notification type, who is told, {language: (title, body)}); body gets .format(**context)
NOTICES: dict[T, tuple[AppointmentNotification, str, dict[str, tuple[str, str]]]] = {
    T.TAKEN: (N.APPOINTMENT_UPDATE, "client", {
        "ru": ("Мастер взял вашу заявку", "{master} взял заявку «{title}» и скоро назовёт цену."),
        "en": ("A master took your request", "{master} took “{title}” and will price it soon."),
    }),
    T.PRICED: (N.APPOINTMENT_UPDATE, "client", {
        "ru": ("Мастер назвал цену", "«{title}»: {price}. Оплатите и загрузите подтверждение."),
        "en": ("The master named a price", "“{title}”: {price}. Pay and upload the proof."),
    }),
    T.MARKED_PAID: (N.PAYMENT_PROOF_UPLOADED, "master", {
        "ru": ("Клиент оплатил", "«{title}»: проверьте подтверждение оплаты."),
        "en": ("The client has paid", "“{title}”: check the payment proof."),
    }),
    T.PROOF_UPLOADED: (N.PAYMENT_PROOF_UPLOADED, "master_if_marked", {
        "ru": ("Новое подтверждение оплаты", "«{title}»: клиент заменил подтверждение оплаты."),
        "en": ("New payment proof", "“{title}”: the client replaced the payment proof."),
    }),
    T.PAYMENT_CONFIRMED: (N.PAYMENT_CONFIRMED, "client", {
        "ru": ("Оплата подтверждена", "«{title}»: оплата получена."),
        "en": ("Payment confirmed", "“{title}”: payment received."),
    }),
    T.PAYMENT_REJECTED: (N.PAYMENT_REJECTED, "client", {
        "ru": ("Оплата не подтверждена", "«{title}»: {reason}"),
        "en": ("Payment not confirmed", "“{title}”: {reason}"),
    }),
    T.STARTED: (N.APPOINTMENT_UPDATE, "client", {
        "ru": ("Работа началась", "«{title}»: мастер приступил к работе."),
        "en": ("Work has started", "“{title}”: the master has started."),
    }),
    T.COMPLETED: (N.APPOINTMENT_UPDATE, "client", {
        "ru": ("Работа завершена", "«{title}» выполнена. Оставьте отзыв о мастере."),
        "en": ("Work completed", "“{title}” is done. Leave a review for the master."),
    }),
    T.DECLINED: (N.APPOINTMENT_UPDATE, "client", {
        "ru": ("Мастер отказался", "«{title}»: {reason}"),
        "en": ("The master declined", "“{title}”: {reason}"),
    }),
    T.CANCELLED: (N.APPOINTMENT_UPDATE, "master", {
        "ru": ("Клиент отменил заявку", "«{title}» отменена."),
        "en": ("The client cancelled", "“{title}” was cancelled."),
    }),
    T.STATUS_SET: (N.APPOINTMENT_UPDATE, "both", {
        "ru": ("Статус изменён администратором", "«{title}»: {to_status}. {reason}"),
        "en": ("Status changed by an admin", "“{title}”: {to_status}. {reason}"),
    }),
}


# The system's auto-cancel of an unpaid request (SLA policy) is a cancellation nobody asked for: both hear.
AUTO_CANCELLED = (N.APPOINTMENT_UPDATE, "both", {
    "ru": ("Заявка отменена автоматически", "«{title}» не оплачена вовремя и отменена."),
    "en": ("Request cancelled automatically", "“{title}” was not paid in time and was cancelled."),
})


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
    notice = NOTICES.get(event.type)
    if event.type == T.CANCELLED and getattr(event, "actor_kind", "") == "system":
        notice = AUTO_CANCELLED
    if notice is None:
        return
    kind, who, texts = notice
    appointment = appointment_of_event(event)
    if appointment is None:
        return
    context = {
        "title": appointment.title,
        "master": appointment.master.public_name if appointment.master_id else "",
        "reason": event.payload.get("reason", ""),
    }
    def written(user) -> tuple[str, str]:
        title, body = texts.get(user.language, texts["en"])
        values = {**context,  # as the reader's screens show them, never raw codes
                  "price": format_money(appointment.price, appointment.currency, user.language),
                  "to_status": status_word(event.payload.get("to_status"), user.language)}
        return title, body.format(**values).strip()

    notify_many(users=_recipients(appointment, who, event), type=kind, subject=appointment, texts=written,
                data={"appointment_id": appointment.pk, "event": event.type, "status": appointment.status})


def register() -> None:
    for event_type in NOTICES:
        register_handler(event_type, _handle)
