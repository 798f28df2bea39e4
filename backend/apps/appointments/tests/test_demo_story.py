"""The demo marketplace tells a story that holds together in time (nothing in the future, no chat
before a master took the request, reviews after the work was done, people joined before they did
anything) and makes sense (each master has a trade, and takes requests of that trade); and it can be
removed again without touching real data."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from apps.accounts.models import MasterProfile, User
from apps.appointments.demo import SERVICES, TRADE_OF_SERVICE, TRADES, demo_users, trade_of
from apps.appointments.models import Appointment, AppointmentEvent, AppointmentStatus
from apps.appointments.storage import private_storage
from apps.chat.models import Message
from apps.common.capabilities import Role
from apps.platform.notifications.models import Notification
from apps.reviews.models import MasterRating, Review

pytestmark = pytest.mark.django_db
S = AppointmentStatus


@pytest.fixture
def seeded():
    call_command("seed_demo", "--scale", "3")
    return timezone.now()


def test_nothing_happens_in_the_future(seeded):
    now = seeded
    stamps = ["created_at", "updated_at", "taken_at", "priced_at", "marked_paid_at", "payment_confirmed_at",
              "started_at", "completed_at", "declined_at", "cancelled_at", "payment_proof_uploaded_at"]
    for appointment in Appointment.objects.all():
        for stamp in stamps:
            value = getattr(appointment, stamp)
            assert value is None or value <= now, (appointment, stamp)
    assert not AppointmentEvent.objects.filter(created_at__gt=now).exists()
    assert not Message.objects.filter(created_at__gt=now).exists()
    assert not Message.objects.filter(deleted_at__gt=now).exists()
    assert not Review.objects.filter(created_at__gt=now).exists()
    assert not User.objects.filter(date_joined__gt=now).exists()
    assert not MasterProfile.objects.filter(created_at__gt=now).exists()


def test_the_stages_follow_each_other(seeded):
    order = ["created_at", "taken_at", "priced_at", "marked_paid_at", "payment_confirmed_at", "started_at",
             "completed_at"]
    for appointment in Appointment.objects.all():
        moments = [getattr(appointment, stamp) for stamp in order if getattr(appointment, stamp)]
        assert moments == sorted(moments), appointment
        for end in (appointment.declined_at, appointment.cancelled_at):
            assert end is None or end >= moments[-1]


def test_people_joined_before_they_did_anything(seeded):
    for appointment in Appointment.objects.select_related("client", "master"):
        assert appointment.client.date_joined < appointment.created_at
        if appointment.master_id:
            assert appointment.master.date_joined < appointment.taken_at


def test_no_chat_before_the_master_took_the_request(seeded):
    for message in Message.objects.select_related("appointment"):
        appointment = message.appointment
        assert appointment.master_id is not None and appointment.taken_at is not None, message
        assert message.created_at >= appointment.taken_at, message
        assert message.sender_id in (appointment.client_id, appointment.master_id)
    assert not Message.objects.filter(appointment__master__isnull=True).exists()


def test_reviews_come_after_the_work(seeded):
    for review in Review.objects.select_related("appointment"):
        assert review.appointment.status == S.COMPLETED
        assert review.created_at > review.appointment.completed_at
        assert review.published_at is None or review.published_at >= review.created_at


def test_each_master_has_a_trade_and_takes_requests_of_it(seeded):
    masters = MasterProfile.objects.select_related("user")
    assert {trade_of(p) for p in masters} == {trade for trade, _ in TRADES}  # scale 3: every trade is there
    for profile in masters:
        assert trade_of(profile), profile.bio
    trade_by_master = {p.user_id: trade_of(p) for p in masters}
    titles = {title for title, _description in SERVICES}
    for appointment in Appointment.objects.all():
        assert appointment.title in titles
        if appointment.master_id:
            assert TRADE_OF_SERVICE[appointment.title] == trade_by_master[appointment.master_id], appointment


def test_a_pending_master_has_just_applied(seeded):
    for profile in MasterProfile.objects.filter(status=MasterProfile.Status.PENDING).select_related("user"):
        assert (seeded - profile.user.date_joined).days < 4
        assert not Appointment.objects.filter(master=profile.user).exists()


def test_clear_removes_the_demo_and_keeps_real_data(make_user, make_appointment, as_user,
                                                    django_capture_on_commit_callbacks, capsys):
    real_client = make_user(Role.CLIENT, username="anna")
    real_master = make_user(Role.MASTER, username="boris")
    real = make_appointment(S.COMPLETED, client=real_client, master=real_master)
    call_command("seed_demo")
    proofs = list(Appointment.objects.exclude(payment_proof="").values_list("payment_proof", flat=True))
    assert proofs and all(private_storage.exists(name) for name in proofs)
    # a real master took a demo request and was reviewed by the demo client
    demo_request = Appointment.objects.filter(client__username__startswith="demo_", status=S.NEW).first()
    Appointment.objects.filter(pk=demo_request.pk).update(master=real_master, status=S.COMPLETED,
                                                          completed_at=timezone.now())
    Review.objects.create(appointment=demo_request, direction="client_to_master", author=demo_request.client,
                          subject=real_master, rating=2, published_at=timezone.now())
    MasterRating.objects.update_or_create(master=real_master, defaults={"count": 1, "average": 2})
    Notification.objects.create(user=real_master, type="new_request", title="Новая заявка",
                                subject_type="appointments.appointment", subject_id=str(demo_request.pk))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", "--clear")
    assert "Removed" in capsys.readouterr().out
    assert not demo_users().exists()
    assert not Appointment.objects.exclude(pk=real.pk).exists()
    assert set(User.objects.values_list("username", flat=True)) >= {"anna", "boris"}
    assert not any(private_storage.exists(name) for name in proofs)
    assert not Notification.objects.filter(user=real_master).exists()
    assert MasterRating.objects.get(master=real_master).count == 0
    call_command("seed_demo", "--clear")
    assert "nothing to remove" in capsys.readouterr().out
    call_command("seed_demo")  # and it can be loaded again
    assert demo_users().count() > 0


def test_clear_refuses_when_real_work_depends_on_a_demo_master(make_user, make_appointment):
    call_command("seed_demo")
    demo_master = User.objects.get(username="demo_master1")
    make_appointment(S.IN_REVIEW, client=make_user(Role.CLIENT), master=demo_master)
    with pytest.raises(CommandError, match="assigned to demo masters"):
        call_command("seed_demo", "--clear")
    assert demo_users().exists()
