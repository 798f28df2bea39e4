import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command

from apps.analytics import registry, selectors, services
from apps.analytics.models import MetricRollup, RollupDay
from apps.appointments import services as appt
from apps.common.periods import DateRange
from apps.platform.jobs import run_job

from .conftest import frozen, local

pytestmark = pytest.mark.django_db

D = date(2026, 3, 10)


def _rows():
    return sorted(MetricRollup.objects.values_list("date", "metric", "master_id", "value"),
                  key=lambda row: (row[0], row[1], row[2] or 0))


def test_every_contract_key_is_registered():
    assert registry.metric_keys() == [
        "appointments_created", "appointments_taken", "appointments_completed", "appointments_cancelled",
        "appointments_declined", "payments_confirmed", "payments_rejected", "revenue", "median_minutes_to_take",
        "median_minutes_to_confirm_payment", "sla_breaches", "active_masters", "new_clients", "new_masters",
        "messages_sent", "reviews_left"]


def test_a_day_of_one_appointment(story, people, today):
    today(D + timedelta(days=5))
    story(created=local(D, 9), taken=local(D, 9, 30), priced=local(D, 10), paid=local(D, 11),
          confirmed=local(D, 11, 20), completed=local(D, 15))
    figures = registry.compute([D])
    got = {key: figures.get((D, key, None)) for key in registry.metric_keys()}
    assert got["appointments_created"] == 1
    assert got["appointments_taken"] == 1
    assert got["appointments_completed"] == 1
    assert got["payments_confirmed"] == 1
    assert got["revenue"] == Decimal("1500.00")
    assert got["median_minutes_to_take"] == Decimal("30")
    assert got["median_minutes_to_confirm_payment"] == Decimal("20")
    assert got["active_masters"] == 1
    assert figures[(D, "revenue", people.master.pk)] == Decimal("1500.00")
    assert figures[(D, "active_masters", people.master.pk)] == 1


def test_rolling_up_twice_is_rolling_up_once(story, today):
    today(D + timedelta(days=3))
    story(created=local(D, 9), taken=local(D, 10), priced=local(D, 11), paid=local(D, 12), confirmed=local(D, 13))
    story(created=local(D + timedelta(days=1), 9), cancelled=local(D + timedelta(days=1), 10))
    days = [D, D + timedelta(days=1)]
    services.rollup_days(days)
    once = _rows()
    services.rollup_days(days)
    assert _rows() == once
    assert MetricRollup.objects.filter(date=D, metric="appointments_created", master=None).count() == 1
    assert MetricRollup.objects.get(date=D, metric="revenue", master=None).value == Decimal("1500.00")


def test_a_backfill_equals_the_live_figures_of_each_day(story, today):
    today(D + timedelta(days=10))
    for i in range(5):
        day = D + timedelta(days=i)
        story(created=local(day, 8 + i), taken=local(day, 9 + i), priced=local(day, 10 + i),
              paid=local(day + timedelta(days=1), 1), confirmed=local(day + timedelta(days=1), 2 + i))
    span = DateRange(D, D + timedelta(days=6))
    live = selectors.daily(span, registry.metric_keys())
    out = io.StringIO()
    call_command("metrics_backfill", "--from", str(span.first), "--to", str(span.last), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == f"{span.first} 1/7" and lines[6] == f"{span.last} 7/7"  # a line per day off a TTY
    assert RollupDay.objects.count() == 7
    assert selectors.rolled_up_days(span) == set(span.days())
    assert selectors.daily(span, registry.metric_keys()) == live
    assert sum(row["appointments_created"] for row in live["days"]) == 5


def test_a_payment_reversed_after_its_day_was_rolled_up_is_corrected_by_the_nightly_recompute(story, people, today):
    """Confirmed on D by mistake, rolled up that night; on D+1 an admin moves it back and the
    payment is rejected: the nightly run corrects D (no revenue) and counts the rejection on D+1."""
    a = story(created=local(D, 9), taken=local(D, 10), priced=local(D, 11), paid=local(D, 12), confirmed=local(D, 13))
    today(D + timedelta(days=1))
    run_job("metrics.rollup")
    assert MetricRollup.objects.get(date=D, metric="revenue", master=None).value == Decimal("1500.00")
    with frozen(local(D + timedelta(days=1), 10)):
        appt.appointment_set_status(appointment_id=a.pk, actor=people.admin, status="PAYMENT_PROOF_UPLOADED",
                                    reason="Paid to the wrong account")
        appt.appointment_reject_payment(appointment_id=a.pk, actor=people.master, reason="Not received")
    today(D + timedelta(days=2))
    beat = run_job("metrics.rollup")
    assert beat["ok"], beat
    assert beat["result"]["to"] == str(D + timedelta(days=1))
    assert not MetricRollup.objects.filter(date=D, metric="revenue").exists()
    assert not MetricRollup.objects.filter(date=D, metric="payments_confirmed").exists()
    assert MetricRollup.objects.get(date=D + timedelta(days=1), metric="payments_rejected", master=None).value == 1
    summary = selectors.summary(DateRange(D, D + timedelta(days=1)))
    assert summary["metrics"]["revenue"]["value"] == "0.00"
    assert summary["metrics"]["payments_rejected"]["value"] == 1


def test_the_nightly_job_covers_yesterday_and_the_seven_days_before(today):
    today(D)
    beat = run_job("metrics.rollup")
    assert beat["result"]["from"] == str(D - timedelta(days=8))
    assert beat["result"]["to"] == str(D - timedelta(days=1))
    assert set(RollupDay.objects.values_list("date", flat=True)) == {D - timedelta(days=i) for i in range(1, 9)}


def test_today_is_never_rolled_up_and_is_read_live(story, today):
    today(D)
    with pytest.raises(ValueError):
        services.rollup_days([D])
    story(created=local(D, 9))
    assert selectors.daily(DateRange(D, D), ["appointments_created"])["days"] == [
        {"date": str(D), "appointments_created": 1}]
    assert selectors.freshness()["live_from"] == str(D)


def test_the_backfill_refuses_today_and_bad_dates(today):
    from django.core.management.base import CommandError

    today(D)
    with pytest.raises(CommandError):
        call_command("metrics_backfill", "--from", str(D - timedelta(days=1)), "--to", str(D))
    with pytest.raises(CommandError):
        call_command("metrics_backfill", "--from", "2026-13-01")
    with pytest.raises(CommandError):
        call_command("metrics_backfill", "--from", str(D - timedelta(days=1)), "--to", str(D - timedelta(days=2)))


def test_seed_demo_spreads_its_data_and_rolls_up_its_days():
    from apps.accounts.models import User
    from apps.appointments.demo import demo_users
    from apps.common import periods

    call_command("seed_demo", stdout=io.StringIO())
    today = periods.today()
    span = DateRange(today - timedelta(days=91), today - timedelta(days=1))
    assert selectors.rolled_up_days(span) == set(span.days())
    days = selectors.daily(span, ["appointments_created", "revenue", "new_clients"])["days"]
    busy = [d for d in days if d["appointments_created"]]
    assert len(busy) > 10  # spread over the window, not one day
    assert sum(Decimal(d["revenue"]) for d in days) > 0
    assert sum(d["new_clients"] for d in days) > 0
    # the rollup is what a live computation says
    live = registry.compute(span.days())
    stored = {(r.date, r.metric, r.master_id): r.value for r in MetricRollup.objects.all()}
    assert stored == live
    clients = demo_users().filter(role="client")
    for client in clients:
        first = client.client_appointments.order_by("created_at").first()
        if first:
            assert client.date_joined < first.created_at
    assert User.objects.filter(pk__in=clients).exists()


@pytest.mark.django_db(transaction=True)
def test_a_backfill_refreshes_the_planner_statistics_on_postgresql(today):
    """After a backfill's bulk write the table is vacuumed and analysed (the year's distinct
    masters are then read by an index-only scan, not a sort on disk)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("VACUUM ANALYZE is PostgreSQL's")
    today(D + timedelta(days=3))

    def last_vacuum():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute("SELECT last_vacuum, last_analyze FROM pg_stat_user_tables WHERE relname = %s",
                           [MetricRollup._meta.db_table])
            return cursor.fetchone()

    before = last_vacuum()
    call_command("metrics_backfill", "--from", str(D), "--to", str(D + timedelta(days=1)), stdout=io.StringIO())
    after = last_vacuum()
    assert after[0] is not None and after[1] is not None and after != before
