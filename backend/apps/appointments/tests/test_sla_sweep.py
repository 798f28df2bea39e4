"""The job `sla.sweep`: each overdue clock breached once (also by sweeps running at once), warnings
once, the right people told, unpaid requests auto-cancelled through the transition function."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.appointments import services
from apps.appointments.models import Appointment, AppointmentEvent, SlaClock, SlaPolicy
from apps.appointments.notifications import AppointmentNotification as N
from apps.appointments.sla.policy import policy_current
from apps.appointments.sla.sweep import sla_sweep
from apps.common.capabilities import AdminRole, Role
from apps.common.testing import run_at_once
from apps.platform.events.models import PlatformEvent
from apps.platform.jobs import run_job
from apps.platform.notifications.models import Notification

from .helpers import image_bytes, upload
from .sla_helpers import drive


@pytest.fixture
def admins(make_user):
    team = {role: make_user(Role.ADMIN, admin_role=role.value) for role in AdminRole if role != AdminRole.SUPER_ADMIN}
    team[AdminRole.SUPER_ADMIN] = make_user(Role.ADMIN)
    return team


def _overdue(appointment, minutes: int = 5) -> SlaClock:
    clock = SlaClock.objects.get(appointment=appointment, stopped_at__isnull=True)
    SlaClock.objects.filter(pk=clock.pk).update(due_at=timezone.now() - timedelta(minutes=minutes),
                                                warn_at=timezone.now() - timedelta(minutes=minutes + 10))
    return clock


def _breach_notes(clock_id: int) -> list[tuple[int, str]]:
    return sorted((n.user_id, n.type) for n in Notification.objects.all() if n.data.get("clock_id") == clock_id
                  and n.data.get("event") == "sla.breached")


@pytest.mark.django_db
def test_an_overdue_clock_is_breached_once_and_its_master_and_managers_told(make_user, admins,
                                                                          django_capture_on_commit_callbacks):
    master = make_user(Role.MASTER)
    appointment = drive(make_user, "take", master=master)  # the price clock runs, against the master
    clock = _overdue(appointment)
    drive(make_user, "take")  # another one, not due

    with django_capture_on_commit_callbacks(execute=True):
        assert sla_sweep()["breached"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert sla_sweep()["breached"] == 0

    clock.refresh_from_db()
    assert clock.state == "breached" and clock.breached_at == clock.due_at and clock.stopped_at is None
    event = PlatformEvent.objects.get(type="sla.breached")
    assert event.actor_kind == "system" and event.actor_label == "job:sla.sweep"
    assert event.payload == {"appointment_id": appointment.pk, "clock_id": clock.pk, "stage": "price", "cycle": 1,
                             "due_at": clock.due_at.isoformat(), "master_id": master.pk}
    managers = {admins[AdminRole.SUPPORT].pk, admins[AdminRole.SUPER_ADMIN].pk}
    assert _breach_notes(clock.pk) == sorted((pk, N.SLA_BREACH.value) for pk in {master.pk, *managers})


@pytest.mark.django_db
def test_a_request_nobody_takes_in_time_alerts_the_appointment_managers(make_user, admins,
                                                                        django_capture_on_commit_callbacks):
    appointment = drive(make_user, "new")
    clock = _overdue(appointment)
    with django_capture_on_commit_callbacks(execute=True):
        run_job("sla.sweep")
    # nobody is assigned: the admins with appointments.manage hear of it (the old untaken-request alert)
    assert {u for u, _ in _breach_notes(clock.pk)} == {admins[AdminRole.SUPPORT].pk, admins[AdminRole.SUPER_ADMIN].pk}
    note = Notification.objects.get(user=admins[AdminRole.SUPPORT], type=N.SLA_BREACH)
    assert f"#{appointment.pk}" in note.body


@pytest.mark.django_db
def test_the_pay_stage_reminds_the_client_and_never_counts_against_the_master(make_user, admins,
                                                                              django_capture_on_commit_callbacks):
    appointment = drive(make_user, "price")
    clock = _overdue(appointment)
    with django_capture_on_commit_callbacks(execute=True):
        sla_sweep()
    clock.refresh_from_db()
    assert clock.stage == "pay" and clock.state == "breached" and clock.master_id is None
    assert _breach_notes(clock.pk) == [(appointment.client_id, N.PAYMENT_REMINDER.value)]


@pytest.mark.django_db
def test_a_warning_goes_out_once(make_user, django_capture_on_commit_callbacks):
    master = make_user(Role.MASTER)
    appointment = drive(make_user, "take", master=master)
    clock = SlaClock.objects.get(appointment=appointment, stage="price")
    SlaClock.objects.filter(pk=clock.pk).update(warn_at=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert sla_sweep()["warned"] == 1
        assert sla_sweep()["warned"] == 0
    assert PlatformEvent.objects.filter(type="sla.warning").count() == 1
    assert list(Notification.objects.filter(type=N.SLA_WARNING).values_list("user_id", flat=True)) == [master.pk]
    clock.refresh_from_db()
    assert clock.warned_at is not None and clock.state == "running"


@pytest.mark.django_db(transaction=True)
def test_eight_sweeps_at_once_breach_and_notify_once_per_clock(make_user, admins):
    master = make_user(Role.MASTER)
    overdue = [_overdue(drive(make_user, "take", master=master)) for _ in range(5)]

    assert SlaClock.objects.filter(state="running", due_at__lte=timezone.now()).count() == 5
    results = run_at_once(8, lambda i: sla_sweep())

    assert not [r for r in results if isinstance(r, Exception)], results
    assert sum(r["breached"] for r in results) == 5  # each clock won by exactly one sweep
    for clock in overdue:
        assert PlatformEvent.objects.filter(type="sla.breached", payload__clock_id=clock.pk).count() == 1
        recipients = [u for u, _ in _breach_notes(clock.pk)]
        assert sorted(recipients) == sorted({master.pk, admins[AdminRole.SUPPORT].pk,
                                             admins[AdminRole.SUPER_ADMIN].pk})  # each once
    assert SlaClock.objects.filter(state="breached").count() == 5


def _auto_cancel_after(hours: int) -> None:
    data = policy_current().data
    data["auto_cancel_unpaid_hours"] = hours
    SlaPolicy.objects.create(version=2, data=data)


def _waiting_since(appointment, hours: float) -> None:
    then = timezone.now() - timedelta(hours=hours)
    Appointment.objects.filter(pk=appointment.pk).update(priced_at=then)
    SlaClock.objects.filter(appointment=appointment, stage="pay").update(started_at=then)


@pytest.mark.django_db
def test_unpaid_requests_are_auto_cancelled_with_a_reason_on_the_timeline(make_user,
                                                                         django_capture_on_commit_callbacks):
    _auto_cancel_after(48)
    unpaid = drive(make_user, "price")
    recent = drive(make_user, "price")
    _waiting_since(unpaid, 49)
    _waiting_since(recent, 47)

    with django_capture_on_commit_callbacks(execute=True):
        assert sla_sweep()["auto_cancelled"] == 1

    unpaid.refresh_from_db()
    recent.refresh_from_db()
    assert (unpaid.status, recent.status) == ("CANCELLED", "AWAITING_PAYMENT")
    entry = AppointmentEvent.objects.filter(appointment=unpaid).last()
    assert entry.type == "cancelled" and entry.actor is None and "48 h" in entry.data["reason"]
    assert unpaid.cancel_reason == entry.data["reason"]
    event = PlatformEvent.objects.get(type="appointment.cancelled")
    assert (event.actor_kind, event.actor_label) == ("system", "job:sla.sweep")
    assert not SlaClock.objects.filter(appointment=unpaid, stopped_at__isnull=True).exists()
    told = Notification.objects.filter(data__event="appointment.cancelled")
    assert {n.user_id for n in told} == {unpaid.client_id, unpaid.master_id}
    assert {n.title for n in told} == {"Заявка отменена автоматически"}


@pytest.mark.django_db
def test_auto_cancel_is_off_by_default_and_restarts_after_a_rejected_payment(make_user):
    appointment = drive(make_user, "price")
    _waiting_since(appointment, 24 * 30)
    assert sla_sweep()["auto_cancelled"] == 0  # null by default
    _auto_cancel_after(48)
    services.appointment_mark_paid(appointment_id=appointment.pk, actor=appointment.client,
                                   upload=upload(image_bytes()))
    services.appointment_reject_payment(appointment_id=appointment.pk, actor=appointment.master, reason="blurry")
    assert sla_sweep()["auto_cancelled"] == 0  # the wait started again with pay cycle 2
    appointment.refresh_from_db()
    assert appointment.status == "AWAITING_PAYMENT"


@pytest.mark.django_db(transaction=True)
def test_auto_cancel_and_the_clients_mark_paid_race_one_wins(make_user, as_user):
    _auto_cancel_after(1)
    appointment = drive(make_user, "price")
    _waiting_since(appointment, 2)
    services.appointment_upload_proof(appointment_id=appointment.pk, actor=appointment.client,
                                      upload=upload(image_bytes()))
    client = as_user(appointment.client)

    def work(i: int):
        if i == 0:
            return sla_sweep()["auto_cancelled"]
        return client.post(f"/api/v1/appointments/{appointment.pk}/mark-paid/").status_code

    cancelled, status_code = run_at_once(2, work)
    appointment.refresh_from_db()
    if cancelled == 1:
        assert status_code == 409 and appointment.status == "CANCELLED"
    else:
        assert status_code == 200 and appointment.status == "PAYMENT_PROOF_UPLOADED"
    assert AppointmentEvent.objects.filter(appointment=appointment, type__in=["cancelled", "marked_paid"]).count() == 1
