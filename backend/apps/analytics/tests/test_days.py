"""Day boundaries: local midnight in TIME_ZONE, DST days of 23 and 25 hours."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from apps.analytics import registry, selectors, services
from apps.analytics.models import MetricRollup
from apps.common.periods import DateRange

from .conftest import utc

pytestmark = pytest.mark.django_db


def _created(figures, day):
    return figures.get((day, "appointments_created", None), 0)


def test_a_request_a_second_before_local_midnight_counts_on_that_day(settings, story, today):
    settings.TIME_ZONE = "Europe/Moscow"  # UTC+3
    today(date(2026, 6, 20))
    story(created=utc(2026, 6, 10, 20, 59, 59))  # 23:59:59 in Moscow, June 10
    story(created=utc(2026, 6, 10, 21, 0, 0))    # 00:00:00 in Moscow, June 11
    figures = registry.compute([date(2026, 6, 10), date(2026, 6, 11)])
    assert _created(figures, date(2026, 6, 10)) == 1
    assert _created(figures, date(2026, 6, 11)) == 1
    daily = selectors.daily(DateRange(date(2026, 6, 10), date(2026, 6, 11)), ["appointments_created"])
    assert daily["tz"] == "Europe/Moscow"
    assert [row["appointments_created"] for row in daily["days"]] == [1, 1]


def test_the_rollup_cuts_days_where_the_live_figures_do(settings, story, today):
    settings.TIME_ZONE = "Europe/Moscow"
    today(date(2026, 6, 20))
    story(created=utc(2026, 6, 10, 20, 59, 59), taken=utc(2026, 6, 10, 21, 0, 1))
    services.rollup_days([date(2026, 6, 10), date(2026, 6, 11)])
    assert MetricRollup.objects.get(date=date(2026, 6, 10), metric="appointments_created", master=None).value == 1
    assert MetricRollup.objects.get(date=date(2026, 6, 11), metric="appointments_taken", master=None).value == 1
    assert MetricRollup.objects.get(date=date(2026, 6, 11), metric="median_minutes_to_take",
                                    master=None).value == Decimal("0.03")  # 2 seconds


@pytest.mark.parametrize(("day", "hours"), [(date(2026, 3, 8), 23), (date(2026, 11, 1), 25)])
def test_a_dst_day_holds_everything_between_its_two_midnights(settings, story, today, day, hours):
    settings.TIME_ZONE = "America/New_York"
    today(date(2026, 12, 1))
    start, end = DateRange(day, day).bounds
    assert end - start == timedelta(hours=hours)
    story(created=start)                               # local 00:00
    story(created=end - timedelta(minutes=1))          # local 23:59 of the same day
    story(created=end)                                 # the next day's 00:00
    story(created=start - timedelta(minutes=1))        # the previous day's 23:59
    figures = registry.compute([day - timedelta(days=1), day, day + timedelta(days=1)])
    assert [_created(figures, day + timedelta(days=i)) for i in (-1, 0, 1)] == [1, 2, 1]
    services.rollup_days([day - timedelta(days=1), day, day + timedelta(days=1)])
    rolled = selectors.daily(DateRange(day - timedelta(days=1), day + timedelta(days=1)), ["appointments_created"])
    assert [row["appointments_created"] for row in rolled["days"]] == [1, 2, 1]
