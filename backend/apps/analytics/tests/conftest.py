from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import Decimal
from unittest import mock

import pytest

from apps.appointments import services as appt
from apps.appointments.models import Appointment, AppointmentEvent
from apps.chat.models import Message
from apps.common.capabilities import Role
from apps.common.periods import day_start
from apps.reviews.models import Review


@contextmanager
def frozen(moment: datetime):
    """Everything written inside happens at `moment`: `timezone.now()` is patched, and the rows whose
    default captured the real clock (timeline events, messages, reviews) are moved to it after."""
    marks = {model: (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0)
             for model in (AppointmentEvent, Message, Review)}
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield
    for model, last in marks.items():
        model.objects.filter(pk__gt=last).update(created_at=moment)


def local(day, hour=12, minute=0):
    """A moment on `day` in the reporting zone, `hour:minute` after local midnight (UTC arithmetic)."""
    from datetime import timedelta

    return day_start(day) + timedelta(hours=hour, minutes=minute)


@pytest.fixture
def people(make_user):
    class People:
        client = make_user(Role.CLIENT)
        master = make_user(Role.MASTER)
        other_master = make_user(Role.MASTER)
        admin = make_user(Role.ADMIN)

    return People


@pytest.fixture
def story(people):
    """Drive one appointment through the real services, each step at its own moment:
    `story(created=t0, taken=t1, priced=t2, paid=t3, confirmed=t4, completed=t5, ...)`."""

    def run(*, created, taken=None, priced=None, paid=None, confirmed=None, rejected=None, started=None,
            completed=None, cancelled=None, declined=None, price=Decimal("1500.00"), master=None, client=None):
        master = master or people.master
        client = client or people.client
        with frozen(created):
            appointment = appt.appointment_create(client=client, title="Haircut")
        pk = appointment.pk
        if taken:
            with frozen(taken):
                appt.appointment_take(appointment_id=pk, actor=master)
        if priced:
            with frozen(priced):
                appt.appointment_set_price(appointment_id=pk, actor=master, price=price)
        if paid:
            Appointment.objects.filter(pk=pk).update(payment_proof="proofs/x.png")
            with frozen(paid):
                appt.appointment_mark_paid(appointment_id=pk, actor=client)
        if rejected:
            with frozen(rejected):
                appt.appointment_reject_payment(appointment_id=pk, actor=master, reason="Blurry")
        if confirmed:
            with frozen(confirmed):
                appt.appointment_confirm_payment(appointment_id=pk, actor=master)
        if started or completed:
            with frozen(started or completed):
                appt.appointment_start(appointment_id=pk, actor=master)
        if completed:
            with frozen(completed):
                appt.appointment_complete(appointment_id=pk, actor=master)
        if cancelled:
            with frozen(cancelled):
                appt.appointment_cancel(appointment_id=pk, actor=client)
        if declined:
            with frozen(declined):
                appt.appointment_decline(appointment_id=pk, actor=master, reason="Busy")
        return Appointment.objects.get(pk=pk)

    return run


@pytest.fixture
def today(monkeypatch):
    """Pin the reporting 'today' (the clock itself is left alone)."""

    def pin(day):
        monkeypatch.setattr("apps.common.periods.today", lambda: day)
        return day

    return pin


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)
