"""The seeders write what the app would: consistent rows, ids they return, sequences moved on
(on PostgreSQL the COPY skips foreign-key triggers, so integrity is checked here instead)."""

import pytest
from django.db import connection
from django.db.models import Count, Max

from apps.accounts.models import MasterProfile, User
from apps.appointments.models import Appointment, AppointmentEvent, AppointmentStatus
from apps.appointments.state import FLOW, NEEDS_MASTER, NEEDS_PRICE, STAGE_TIMESTAMPS
from apps.chat.models import Message
from apps.reviews.models import MasterRating, Review
from bench import seed

S = AppointmentStatus
pytestmark = pytest.mark.django_db(transaction=True)


def _orphans(table: str, column: str, parent: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}" t LEFT JOIN "{parent}" p ON p.id = t."{column}" '
                       f'WHERE t."{column}" IS NOT NULL AND p.id IS NULL')
        return cursor.fetchone()[0]


@pytest.fixture
def people():
    clients = seed.seed_users(30, role="client")
    masters = seed.seed_users(6, role="master")
    seed.seed_master_profiles(masters, active_share=1.0)
    return clients, masters


def test_users_and_profiles(people):
    clients, masters = people
    assert list(User.objects.filter(role="client").values_list("id", flat=True)) == list(clients)
    assert MasterProfile.objects.filter(user_id__in=list(masters), status="active").count() == 6
    user = User.objects.get(pk=clients[0])
    assert user.check_password(seed.BENCH_PASSWORD) and user.is_active and not user.is_banned
    # The sequence moved past the written ids: the ORM's next row gets a fresh one.
    assert User.objects.create(username="after-seed").pk > masters[-1]


def test_appointments_are_consistent(people):
    clients, masters = people
    written = seed.seed_appointments(600, client_ids=clients, master_ids=masters)
    assert Appointment.objects.count() == len(written) == 600
    assert set(Appointment.objects.values_list("id", flat=True)) == set(written)
    by_status = dict(Appointment.objects.values_list("status").annotate(n=Count("id")))
    assert set(by_status) == set(S.values), by_status  # every status at this size
    for appointment in Appointment.objects.all():
        status = S(appointment.status)
        assert (appointment.master_id is not None) == (status in NEEDS_MASTER or (
            status == S.CANCELLED and appointment.master_id is not None)), appointment
        assert (appointment.price is not None) == (status in NEEDS_PRICE or (
            status == S.DECLINED_BY_MASTER and appointment.priced_at is not None)), appointment
        reached = FLOW[1:FLOW.index(status) + 1] if status in FLOW else [status]
        for stage in reached:
            assert getattr(appointment, STAGE_TIMESTAMPS[stage]) is not None, (appointment, stage)
        assert appointment.created_at <= appointment.updated_at
    # The timeline explains each status: its last event lands on it, events are in order.
    last = dict(AppointmentEvent.objects.values("appointment_id").annotate(last=Max("id"))
                .values_list("appointment_id", "last"))
    assert set(last) == set(written)
    ends = dict(AppointmentEvent.objects.filter(id__in=last.values()).values_list("appointment_id", "to_status"))
    assert ends == dict(Appointment.objects.values_list("id", "status"))
    assert AppointmentEvent.objects.count() == len(written.events)
    assert _orphans("appointments_appointmentevent", "appointment_id", "appointments_appointment") == 0
    assert _orphans("appointments_appointment", "client_id", "accounts_user") == 0
    assert _orphans("appointments_appointment", "master_id", "accounts_user") == 0


def test_same_seed_same_data(people):
    clients, masters = people
    first = seed.seed_appointments(50, client_ids=clients, master_ids=masters, seed=11)
    second = seed.seed_appointments(50, client_ids=clients, master_ids=masters, seed=11)
    columns = ["status", "client_id", "master_id", "price"]
    assert list(Appointment.objects.filter(id__in=list(first)).order_by("id").values_list(*columns)) == list(
        Appointment.objects.filter(id__in=list(second)).order_by("id").values_list(*columns))


def test_messages_chats_reviews_and_platform(people):
    clients, masters = people
    done = seed.seed_appointments(10, client_ids=clients, master_ids=masters, statuses=S.COMPLETED)
    pairs = list(Appointment.objects.filter(id__in=list(done)).values_list("id", "client_id", "master_id"))
    thread = seed.seed_messages(done[0], 250, sender_ids=[pairs[0][1], pairs[0][2]])
    assert list(Message.objects.filter(appointment_id=done[0]).values_list("id", flat=True)) == list(thread)
    seed.seed_chats(pairs[1:], per_chat=4)
    assert Message.objects.count() == 250 + 9 * 4
    seed.seed_read_states([(done[0], pairs[0][1], thread[100])])
    reviews = seed.seed_reviews(pairs)
    assert Review.objects.count() == len(reviews) == 20
    rating = MasterRating.objects.filter(count__gt=0).first()
    assert rating.count == Review.objects.filter(subject_id=rating.master_id, direction="client_to_master").count()
    assert len(seed.seed_notifications(clients[0], 30)) == 30
    assert len(seed.seed_platform_events(20, actor_ids=clients, subject_ids=done)) == 20
    assert len(seed.seed_audit_entries(20, actor_id=clients[0], actor_username="x", target_ids=clients)) == 20
    assert len(seed.seed_flags(12)) == 12
    for table, column, parent in [("chat_message", "appointment_id", "appointments_appointment"),
                                  ("chat_message", "sender_id", "accounts_user"),
                                  ("reviews_review", "appointment_id", "appointments_appointment")]:
        assert _orphans(table, column, parent) == 0


def test_write_names_a_required_column_it_lacks():
    with pytest.raises(ValueError, match=r"Appointment\.client"):
        seed.write(Appointment, ["title"], [("no client",)])
    with pytest.raises(ValueError, match="unknown"):
        seed.write(Appointment, ["id"], [(1,)])


@pytest.mark.postgres
def test_foreign_keys_checked_again_after_the_copy(people):
    """The COPY skips FK triggers; the same transaction's later writes are checked as usual."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    from django.db import IntegrityError, transaction

    clients, masters = people
    with pytest.raises(IntegrityError), transaction.atomic():
        seed.seed_appointments(3, client_ids=clients, master_ids=masters)
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO chat_message (appointment_id, sender_id, text, created_at, original_text, "
                           "delete_reason) VALUES (999999, 999999, 'x', now(), '', '')")


def test_big_loads_rebuild_the_indexes(people, monkeypatch):
    """Above the bulk threshold PostgreSQL drops the plain indexes for the load and builds them
    again: afterwards the table has the indexes it had (on SQLite nothing changes)."""
    def indexes():
        with connection.cursor() as cursor:
            return sorted(i["columns"].__repr__() + name for name, i in
                          connection.introspection.get_constraints(cursor, "appointments_appointmentevent").items()
                          if i["index"])

    before = indexes()
    monkeypatch.setattr(seed, "BULK", 10)
    clients, masters = people
    seed.seed_appointments(40, client_ids=clients, master_ids=masters)
    assert indexes() == before and len(before) >= 4


def test_sla_clocks_one_per_appointment_a_known_number_due(people):
    from django.utils import timezone

    from apps.appointments.models import SlaClock
    from apps.appointments.sla.policy import STAGE_OF_STATUS
    from apps.appointments.sla.sweep import due_clocks

    clients, masters = people
    written = seed.seed_appointments(400, client_ids=clients, master_ids=masters, with_events=False)
    clocks = seed.seed_sla_clocks(written, overdue=25)
    assert SlaClock.objects.count() == len(clocks) == 400
    assert _orphans(SlaClock._meta.db_table, "appointment_id", Appointment._meta.db_table) == 0
    assert _orphans(SlaClock._meta.db_table, "master_id", User._meta.db_table) == 0
    for clock in SlaClock.objects.select_related("appointment"):
        status = clock.appointment.status
        if status in STAGE_OF_STATUS:  # an open stage: its clock runs
            assert (clock.state, clock.stage, clock.stopped_at) == ("running", STAGE_OF_STATUS[status], None)
        else:
            assert clock.state in ("met", "stopped") and clock.stopped_at is not None
    assert len(due_clocks(timezone.now(), limit=None)) == 25
    assert SlaClock.objects.create(appointment_id=written[0], stage="take", cycle=2, target_minutes=1,
                                   due_at=timezone.now()).pk > clocks[-1]


def test_rules_and_their_runs(people):
    from apps.platform.rules.engine import compiled
    from apps.platform.rules.models import Rule, RuleRun

    clients, masters = people
    done = seed.seed_appointments(5, client_ids=clients, master_ids=masters, statuses=S.COMPLETED)
    rules = seed.seed_rules(4, runs=9, appointment_ids=list(done))
    assert Rule.objects.count() == 4 and not Rule.objects.filter(enabled=True).exists()
    assert RuleRun.objects.filter(rule_id=rules[0]).count() == 9
    assert _orphans("platform_rulerun", "rule_id", "platform_rule") == 0
    assert _orphans("platform_rulerun", "appointment_id", "appointments_appointment") == 0
    assert compiled(Rule.objects.get(pk=rules[1])) is not None  # a valid rule the engine compiles
