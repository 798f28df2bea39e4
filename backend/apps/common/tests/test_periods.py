from datetime import date, timedelta

import pytest
from django.utils import timezone

from apps.common.errors import ApplicationError
from apps.common.periods import DateRange, date_range_from_query, day_bounds, local_day, today


def test_a_day_is_local_midnight_to_midnight(settings):
    settings.TIME_ZONE = "Europe/Moscow"
    start, end = day_bounds(date(2026, 3, 1))
    assert start.isoformat() == "2026-02-28T21:00:00+00:00" and end.isoformat() == "2026-03-01T21:00:00+00:00"
    # 23:59 Moscow on the 1st is 20:59 UTC: still the 1st; 00:00 Moscow on the 2nd is the 2nd
    assert local_day(end - timedelta(minutes=1)) == date(2026, 3, 1)
    assert local_day(end) == date(2026, 3, 2)


def test_dst_days_are_23_and_25_hours(settings):
    settings.TIME_ZONE = "Europe/Berlin"
    spring_start, spring_end = day_bounds(date(2026, 3, 29))
    autumn_start, autumn_end = day_bounds(date(2026, 10, 25))
    assert spring_end - spring_start == timedelta(hours=23)
    assert autumn_end - autumn_start == timedelta(hours=25)
    # consecutive days tile time with no gap and no overlap
    assert day_bounds(date(2026, 3, 28))[1] == spring_start and day_bounds(date(2026, 3, 30))[0] == spring_end


def test_range_defaults_and_previous_period(settings):
    settings.TIME_ZONE = "Europe/Moscow"
    span = date_range_from_query({})
    assert span.last == today() and span.length == 30
    explicit = date_range_from_query({"from": "2026-03-01", "to": "2026-03-07"})
    assert explicit == DateRange(date(2026, 3, 1), date(2026, 3, 7))
    assert explicit.previous() == DateRange(date(2026, 2, 22), date(2026, 2, 28))
    start, end = explicit.bounds
    assert (start, end) == (day_bounds(date(2026, 3, 1))[0], day_bounds(date(2026, 3, 7))[1])
    assert len(explicit.days()) == 7 and explicit.as_dict() == {"from": "2026-03-01", "to": "2026-03-07"}
    assert timezone.is_aware(start)


@pytest.mark.parametrize(("query", "field"), [
    ({"from": "2026-03-08", "to": "2026-03-01"}, "from"),
    ({"from": "2025-01-01", "to": "2026-03-01"}, "to"),
    ({"from": "2026-13-01"}, "from"),
    ({"to": "yesterday"}, "to"),
])
def test_bad_ranges_are_400_with_the_parameter_named(query, field):
    with pytest.raises(ApplicationError) as caught:
        date_range_from_query(query)
    assert caught.value.http_status == 400 and field in caught.value.extra["errors"]
