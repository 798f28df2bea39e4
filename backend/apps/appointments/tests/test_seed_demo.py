import pytest
from django.core.management import call_command

from apps.accounts.models import User
from apps.appointments.models import Appointment, AppointmentEvent, AppointmentStatus
from apps.appointments.state import FLOW, STAGE_TIMESTAMPS
from apps.appointments.storage import private_storage

pytestmark = pytest.mark.django_db
S = AppointmentStatus


def test_seed_demo_builds_a_consistent_marketplace(capsys):
    call_command("seed_demo", "--scale", "2")
    assert "Loaded" in capsys.readouterr().out
    assert set(Appointment.objects.values_list("status", flat=True)) == set(S.values)
    assert User.objects.filter(role="admin").count() == 5
    assert User.objects.filter(role="master", master_profile__status="pending").exists()

    for appointment in Appointment.objects.prefetch_related("events"):
        events = list(appointment.events.all())
        assert events[0].type == "created" and events[0].created_at == appointment.created_at
        times = [e.created_at for e in events]
        assert times == sorted(times)
        # the status walked to matches the final status
        last_to = [e.to_status for e in events if e.to_status][-1]
        assert last_to == appointment.status
        # every stage reached is stamped, and nothing after it
        if appointment.status in FLOW:
            reached = FLOW[1 : FLOW.index(appointment.status) + 1]
            for status, field in STAGE_TIMESTAMPS.items():
                assert (getattr(appointment, field) is not None) == (status in reached), (appointment, field)
        if appointment.status not in (S.NEW, S.CANCELLED):
            assert appointment.master_id is not None
        if appointment.marked_paid_at:
            assert private_storage.exists(appointment.payment_proof.name)


def test_seed_demo_is_not_loaded_twice(capsys):
    call_command("seed_demo")
    count = Appointment.objects.count()
    call_command("seed_demo")
    assert Appointment.objects.count() == count
    assert "already loaded" in capsys.readouterr().out


def test_demo_users_can_sign_in(api):
    call_command("seed_demo", "--password", "Demo-pass-1")
    for username in ("demo_admin1", "demo_master1", "demo_client1"):
        response = api.post("/api/v1/auth/login/", {"username": username, "password": "Demo-pass-1"})
        assert response.status_code == 200, username


def test_scale_is_bulk(django_assert_max_num_queries):
    # the data (~42), scoring's seeder (~15), the analytics rollup of the 91 demo days (~28), the example rules:
    # a fixed number of set-based reads and bulk writes whatever the scale
    with django_assert_max_num_queries(120):
        call_command("seed_demo", "--scale", "5")
    assert AppointmentEvent.objects.count() > Appointment.objects.count()


def test_seed_demo_makes_sla_clocks_in_every_state():
    from apps.appointments.models import SlaClock, SlaClockState

    call_command("seed_demo", "--scale", "2")
    clocks = SlaClock.objects.all()
    assert set(clocks.values_list("state", flat=True)) == set(SlaClockState.values)
    assert clocks.filter(state="running", warned_at__isnull=False).exists() or clocks.filter(
        state="running").exists()
    # one open clock at most per appointment, none on a finished one
    open_per_appointment = {}
    for clock in clocks.filter(stopped_at__isnull=True):
        open_per_appointment[clock.appointment_id] = open_per_appointment.get(clock.appointment_id, 0) + 1
    assert set(open_per_appointment.values()) == {1}
    assert not clocks.filter(stopped_at__isnull=True, appointment__status__in=["COMPLETED", "CANCELLED",
                                                                               "DECLINED_BY_MASTER"]).exists()
    assert not clocks.filter(state="breached", breached_at__isnull=True).exists()
