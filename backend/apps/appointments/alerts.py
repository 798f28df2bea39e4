"""Who hears about requests waiting on them.

- Active masters hear about each new request (type `new_request`, which they can mute): in the
  inbox and on their channels, merged like chat bursts (one unread notification per master,
  external delivery at most once per NOTIFICATION_GROUP_WINDOW_SECONDS). The fan-out runs as a job
  task after the request is committed, so the client's request doesn't wait for it.
- Admins hear, once per proof, about a payment proof waiting for confirmation longer than an
  hour (`payments.confirm`, job `alerts.payments_waiting`). Requests nobody takes in time are the
  SLA's `take` clock now (`sla.sweep`, type `sla_breach`, sla/notifications.py)."""

import logging
from datetime import timedelta

from celery import shared_task
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from django.utils import timezone

from apps.accounts.models import User
from apps.common.capabilities import Capability
from apps.common.formats import counted, format_datetime, format_money, language_of
from apps.platform.events.services import register_handler
from apps.platform.notifications.alerts import alerts_raise, holders_of
from apps.platform.notifications.models import AlertClaim
from apps.platform.notifications.services import notify_many

from .events import AppointmentEvents
from .models import Appointment, AppointmentStatus
from .notifications import AppointmentNotification
from .policy import active_masters_q, queue_q
from .words import REQUESTS, label_of

logger = logging.getLogger(__name__)

S = AppointmentStatus
SUBJECT_TYPE = Appointment._meta.label_lower
NEW_REQUEST_GROUP = "new_requests"
PAYMENT_WAITING_AFTER = timedelta(hours=1)
BATCH = 200
PAYMENT_KIND = "payment_waiting"
PAYMENTS = {"ru": {"one": "оплата", "few": "оплаты", "many": "оплат", "other": "оплаты"},
            "en": {"one": "payment", "other": "payments"}}


# --- new requests, for masters ----------------------------------------------------------------

def _queue():
    return Appointment.objects.filter(queue_q())


def _active_masters():
    return User.objects.filter(active_masters_q(), is_active=True, is_banned=False).order_by("pk")


def _new_request_texts(language: str, appointment: Appointment, queued: int) -> tuple[str, str]:
    queue = counted(language, queued, REQUESTS[language])
    description = " ".join(appointment.description.split())[:200]
    if language == "ru":
        title = f"Новая заявка: «{appointment.title}»"
        body = f"{description}\n\nВ очереди: {queue}. Кто первым возьмёт заявку, тот её и ведёт."
    else:
        title = f"New request: “{appointment.title}”"
        body = f"{description}\n\nIn the queue: {queue}. The first master to take it handles it."
    return title, body.strip()


def new_request_announce(*, appointment_id: int) -> int:
    """Tell every active master about a new request still waiting in the queue. Returns how many
    masters were notified."""
    appointment = _queue().filter(pk=appointment_id).first()
    if appointment is None:  # taken or cancelled before we got here
        return 0
    queued = _queue().count()
    masters = _active_masters().exclude(pk=appointment.client_id)
    told = notify_many(users=masters, type=AppointmentNotification.NEW_REQUEST, subject=appointment,
                       texts=lambda master: _new_request_texts(language_of(master.language), appointment, queued),
                       group_key=NEW_REQUEST_GROUP, data={"appointment_id": appointment.pk, "queue_size": queued})
    return len(told)


@shared_task(name="appointments.announce_new_request", ignore_result=True)
def announce_new_request_task(appointment_id: int) -> int:
    return new_request_announce(appointment_id=appointment_id)


def _on_created(event) -> None:
    appointment_id = event.payload.get("appointment_id")
    try:
        announce_new_request_task.delay(appointment_id)
    except Exception:  # the broker is down: tell them now rather than never
        logger.exception("Could not queue the new-request announcement of #%s; announcing inline", appointment_id)
        new_request_announce(appointment_id=appointment_id)


# --- admin alerts -------------------------------------------------------------------------------

def _waiting_payments():
    return Appointment.objects.filter(status=S.PAYMENT_PROOF_UPLOADED, marked_paid_at__isnull=False)


def _payment_texts(language: str, appointment: Appointment, total: int) -> tuple[str, str]:
    label = label_of(appointment, language)
    price = format_money(appointment.price, appointment.currency, language)
    when = format_datetime(appointment.marked_paid_at, language)
    master = appointment.master.public_name if appointment.master_id else "—"
    waiting = counted(language, total, PAYMENTS[language])
    if language == "ru":
        return ("Оплата ждёт подтверждения больше часа",
                f"{label}: {price}, клиент {appointment.client.public_name} отправил подтверждение {when}, "
                f"мастер {master} его ещё не проверил. Всего ждут подтверждения: {waiting}.")
    return ("A payment has waited for confirmation over an hour",
            f"{label}: {price}; {appointment.client.public_name} sent the proof on {when} and the master, "
            f"{master}, has not checked it yet. Waiting in total: {waiting}.")


def payments_waiting_alert() -> dict:
    """Tell payment admins about each payment proof waiting for confirmation over an hour (once per
    proof: a rejected and re-sent payment is a new one)."""
    overdue = _waiting_payments().filter(marked_paid_at__lte=timezone.now() - PAYMENT_WAITING_AFTER)
    # a claim made after the current proof was sent means this proof was already alerted
    alerted = AlertClaim.objects.filter(kind=PAYMENT_KIND, subject_type=SUBJECT_TYPE,
                                        subject_id=Cast(OuterRef("pk"), output_field=CharField()),
                                        created_at__gte=OuterRef("marked_paid_at"))
    candidates = list(overdue.exclude(Exists(alerted)).select_related("client", "master")
                      .order_by("marked_paid_at", "pk")[:BATCH])
    if not candidates:
        return {"raised": 0}
    admins = list(holders_of(Capability.PAYMENTS_CONFIRM))
    total = overdue.count()

    def send(appointment: Appointment) -> None:
        notify_many(users=admins, type=AppointmentNotification.PAYMENT_WAITING, subject=appointment,
                    texts=lambda admin: _payment_texts(language_of(admin.language), appointment, total),
                    group_key="alert:payments_waiting",
                    data={"appointment_id": appointment.pk, "status": appointment.status, "waiting_total": total})

    return {"raised": alerts_raise(kind=PAYMENT_KIND, subjects=candidates, send=send,
                                   cycle=lambda a: a.marked_paid_at.isoformat())}


def register() -> None:
    from apps.platform.jobs import register_job

    register_handler(AppointmentEvents.CREATED, _on_created)
    register_job("alerts.payments_waiting", payments_waiting_alert, every_seconds=300)
