"""Who hears about SLA events (handlers of `sla.breached` / `sla.warning`, after commit, in the
worker). The sweep emits each event once, so each person is told once per clock.

- A breach: the master the clock counts against and the admins holding `appointments.manage`
  (`sla_breach`); for the client's `pay` stage, the client alone (`payment_reminder`).
- A warning: the master the clock counts against (`sla_warning`); for `pay`, the client."""

from django.utils.dateparse import parse_datetime

from apps.accounts.models import User
from apps.common.capabilities import Capability
from apps.common.formats import format_datetime, language_of
from apps.platform.events.services import register_handler
from apps.platform.notifications.alerts import holders_of
from apps.platform.notifications.services import notify_many

from ..events import SlaEvents
from ..models import Appointment, SlaStage
from ..notifications import AppointmentNotification as N
from ..words import label_of

STAGE_WORDS = {
    SlaStage.TAKE: {"ru": "взять заявку", "en": "take the request"},
    SlaStage.PRICE: {"ru": "назвать цену", "en": "name the price"},
    SlaStage.PAY: {"ru": "оплатить", "en": "pay"},
    SlaStage.CONFIRM_PAYMENT: {"ru": "проверить оплату", "en": "check the payment"},
    SlaStage.START: {"ru": "начать работу", "en": "start the work"},
    SlaStage.COMPLETE: {"ru": "завершить работу", "en": "complete the work"},
}


def _texts(kind: SlaEvents, stage: str, appointment: Appointment, due_at: str, language: str) -> tuple[str, str]:
    language = language_of(language)
    label = label_of(appointment, language)
    what = STAGE_WORDS.get(stage, {}).get(language, stage)
    when = format_datetime(parse_datetime(due_at), language)
    if stage == SlaStage.PAY:
        if language == "ru":
            return "Напоминание об оплате", f"{label}: мастер ждёт оплату. Оплатите и отправьте подтверждение."
        return "A reminder to pay", f"{label}: the master is waiting for your payment. Pay and send the proof."
    if kind == SlaEvents.BREACHED:
        if language == "ru":
            return "Срок нарушен", f"{label}: нужно было {what} до {when}."
        return "Deadline missed", f"{label}: the deadline to {what} was {when}."
    if language == "ru":
        return "Срок подходит", f"{label}: {what} нужно до {when}."
    return "Deadline approaching", f"{label}: {what} by {when}."


def _recipients(kind: SlaEvents, stage: str, appointment: Appointment, master_id: int | None) -> list[User]:
    if stage == SlaStage.PAY:
        return [appointment.client]
    people = list(User.objects.filter(pk=master_id)) if master_id else []
    if kind == SlaEvents.BREACHED:
        people.extend(admin for admin in holders_of(Capability.APPOINTMENTS_MANAGE) if admin.pk != master_id)
    return people


def _handle(event) -> None:
    payload = event.payload
    appointment = Appointment.objects.select_related("client").filter(pk=payload["appointment_id"]).first()
    if appointment is None:
        return
    kind = SlaEvents(event.type)
    stage = payload["stage"]
    if stage == SlaStage.PAY:
        type = N.PAYMENT_REMINDER
    else:
        type = N.SLA_BREACH if kind == SlaEvents.BREACHED else N.SLA_WARNING
    notify_many(users=_recipients(kind, stage, appointment, payload.get("master_id")), type=type, subject=appointment,
                texts=lambda user: _texts(kind, stage, appointment, payload["due_at"], user.language),
                data={"appointment_id": appointment.pk, "event": event.type, "stage": stage,
                      "cycle": payload["cycle"], "clock_id": payload["clock_id"], "due_at": payload["due_at"]})


def register() -> None:
    for kind in SlaEvents:
        register_handler(kind, _handle, in_worker=True)
