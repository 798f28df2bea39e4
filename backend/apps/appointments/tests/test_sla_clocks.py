"""SLA clocks start, stop and re-open inside the transitions (SPEC 10.4)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from apps.appointments import services
from apps.appointments.models import SlaClock, SlaPolicy, SlaStage
from apps.appointments.sla.clocks import clock_open
from apps.appointments.sla.policy import DEFAULT_POLICY, policy_current
from apps.common.capabilities import Role
from apps.platform.events.models import PlatformEvent

from .sla_helpers import clocks, drive

pytestmark = pytest.mark.django_db


def test_a_new_request_starts_the_take_clock(make_user):
    appointment = drive(make_user, "new")
    clock = SlaClock.objects.get(appointment=appointment)
    assert (clock.stage, clock.cycle, clock.state, clock.master_id) == ("take", 1, "running", None)
    assert clock.target_minutes == 60 and clock.business_hours is True and clock.policy_version == 1
    assert clock.due_at > clock.started_at and clock.warn_at < clock.due_at


def test_the_happy_path_meets_each_stage_and_opens_the_next(make_user):
    master = make_user(Role.MASTER)
    appointment = drive(make_user, "completed", master=master)
    assert clocks(appointment) == [("take", 1, "met"), ("price", 1, "met"), ("pay", 1, "met"),
                                   ("confirm_payment", 1, "met"), ("start", 1, "met"), ("complete", 1, "met")]
    rows = SlaClock.objects.filter(appointment=appointment)
    assert all(c.stopped_at is not None for c in rows)
    # the master answers for their stages; take has nobody yet and pay is the client's
    assert {c.stage: c.master_id for c in rows} == {
        "take": None, "price": master.pk, "pay": None, "confirm_payment": master.pk, "start": master.pk,
        "complete": master.pk}


def test_a_rejected_payment_opens_pay_cycle_two(make_user):
    appointment = drive(make_user, "paid")
    services.appointment_reject_payment(appointment_id=appointment.pk, actor=appointment.master, reason="blurry")
    assert clocks(appointment)[-3:] == [("pay", 1, "met"), ("confirm_payment", 1, "met"), ("pay", 2, "running")]


def test_cancel_and_decline_stop_the_clock(make_user):
    cancelled = drive(make_user, "take")
    services.appointment_cancel(appointment_id=cancelled.pk, actor=cancelled.client, reason="changed my mind")
    assert clocks(cancelled) == [("take", 1, "met"), ("price", 1, "stopped")]
    declined = drive(make_user, "take")
    services.appointment_decline(appointment_id=declined.pk, actor=declined.master, reason="busy")
    assert clocks(declined)[-1] == ("price", 1, "stopped")
    assert not SlaClock.objects.filter(stopped_at__isnull=True, appointment__in=[cancelled, declined]).exists()


def test_admin_set_status_rewinds_stop_and_start_the_right_clocks(make_user):
    admin = make_user(Role.ADMIN)
    appointment = drive(make_user, "confirmed")  # PAID: the start clock runs
    services.appointment_set_status(appointment_id=appointment.pk, actor=admin, status="IN_REVIEW", reason="redo")
    assert clocks(appointment)[-2:] == [("start", 1, "stopped"), ("price", 2, "running")]
    services.appointment_set_status(appointment_id=appointment.pk, actor=admin, status="NEW", reason="requeue")
    assert clocks(appointment)[-2:] == [("price", 2, "stopped"), ("take", 2, "running")]
    assert SlaClock.objects.get(appointment=appointment, stage="take", cycle=2).master_id is None
    services.appointment_set_status(appointment_id=appointment.pk, actor=admin, status="CANCELLED", reason="x")
    assert clocks(appointment)[-1] == ("take", 2, "stopped")
    assert SlaClock.objects.filter(appointment=appointment, stopped_at__isnull=True).count() == 0


def test_a_stage_left_after_its_due_time_is_breached_once(make_user, django_capture_on_commit_callbacks):
    appointment = drive(make_user, "new")
    SlaClock.objects.filter(appointment=appointment).update(due_at=timezone.now() - timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        services.appointment_take(appointment_id=appointment.pk, actor=make_user(Role.MASTER))
    take = SlaClock.objects.get(appointment=appointment, stage="take")
    assert take.state == "breached" and take.breached_at == take.due_at and take.stopped_at is not None
    assert PlatformEvent.objects.filter(type="sla.breached").count() == 1


def test_a_clock_keeps_the_target_it_started_with(make_user):
    appointment = drive(make_user, "new")
    data = policy_current().data
    data["targets"]["take"] = {"minutes": 5, "warn_before_minutes": 0, "business_hours": False}
    SlaPolicy.objects.create(version=2, data=data)
    assert SlaClock.objects.get(appointment=appointment).target_minutes == 60
    later = drive(make_user, "new")
    clock = SlaClock.objects.get(appointment=later)
    assert (clock.target_minutes, clock.policy_version, clock.warn_at) == (5, 2, None)


def test_a_stage_without_a_target_has_no_clock(make_user):
    data = policy_current().data
    data["targets"]["take"] = None
    SlaPolicy.objects.create(version=2, data=data)
    appointment = drive(make_user, "take")
    assert clocks(appointment) == [("price", 1, "running")]


def test_friday_evening_clock_is_due_monday_morning(settings, make_appointment):
    settings.TIME_ZONE = "Europe/Moscow"
    data = {**DEFAULT_POLICY, "calendar": {
        "weekly": [{"day": d, "open": "09:00", "close": "20:00"} for d in range(1, 6)], "holidays": []}}
    data["targets"] = {**DEFAULT_POLICY["targets"],
                       SlaStage.TAKE: {"minutes": 30, "warn_before_minutes": 0, "business_hours": True}}
    SlaPolicy.objects.create(version=2, data=data)
    moscow = ZoneInfo("Europe/Moscow")
    clock = clock_open(make_appointment("NEW"), stage=SlaStage.TAKE, now=datetime(2026, 12, 4, 19, 50, tzinfo=moscow))
    clock.refresh_from_db()
    assert clock.due_at == datetime(2026, 12, 7, 9, 20, tzinfo=moscow)
