"""Working-hours due times (pure functions, fixed dates): nights, weekends, holidays and DST."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from apps.appointments.sla.hours import Calendar, add_working_minutes, due_moments
from apps.appointments.sla.policy import DEFAULT_POLICY

MOSCOW = ZoneInfo("Europe/Moscow")
BERLIN = ZoneInfo("Europe/Berlin")
WEEKDAYS = Calendar.from_dict({"weekly": [{"day": d, "open": "09:00", "close": "20:00"} for d in range(1, 6)],
                               "holidays": []})


def at(zone, *args) -> datetime:
    return datetime(*args, tzinfo=zone)


@pytest.mark.parametrize("zone", [MOSCOW, BERLIN], ids=["Europe/Moscow", "Europe/Berlin"])
def test_friday_evening_plus_thirty_minutes_is_monday_morning(zone):
    # 2026-12-04 is a Friday
    due = add_working_minutes(at(zone, 2026, 12, 4, 19, 50), 30, WEEKDAYS, zone)
    assert due == at(zone, 2026, 12, 7, 9, 20)
    assert due.astimezone(zone).isoweekday() == 1


def test_inside_a_window_is_plain_addition():
    assert add_working_minutes(at(MOSCOW, 2026, 12, 2, 10, 0), 90, WEEKDAYS, MOSCOW) == at(MOSCOW, 2026, 12, 2, 11, 30)


def test_a_night_start_counts_from_the_next_opening():
    assert add_working_minutes(at(MOSCOW, 2026, 12, 2, 23, 0), 60, WEEKDAYS, MOSCOW) == at(MOSCOW, 2026, 12, 3, 10, 0)
    assert add_working_minutes(at(MOSCOW, 2026, 12, 3, 3, 0), 60, WEEKDAYS, MOSCOW) == at(MOSCOW, 2026, 12, 3, 10, 0)


def test_minutes_running_out_at_closing_end_there():
    assert add_working_minutes(at(MOSCOW, 2026, 12, 4, 19, 0), 60, WEEKDAYS, MOSCOW) == at(MOSCOW, 2026, 12, 4, 20, 0)


def test_several_days_of_working_time():
    # 11 working hours a day: 24 h of work from Wednesday 09:00 end Friday 11:00
    due = add_working_minutes(at(MOSCOW, 2026, 12, 2, 9, 0), 24 * 60, WEEKDAYS, MOSCOW)
    assert due == at(MOSCOW, 2026, 12, 4, 11, 0)


def test_holidays_are_skipped():
    calendar = Calendar.from_dict({"weekly": [{"day": d, "open": "09:00", "close": "20:00"} for d in range(1, 6)],
                                   "holidays": ["2026-12-07", "2026-12-08"]})
    due = add_working_minutes(at(MOSCOW, 2026, 12, 4, 19, 50), 30, calendar, MOSCOW)
    assert due == at(MOSCOW, 2026, 12, 9, 9, 20)


def test_the_default_calendar_opens_on_saturday():
    calendar = Calendar.from_dict(DEFAULT_POLICY["calendar"])
    due = add_working_minutes(at(MOSCOW, 2026, 12, 4, 19, 50), 30, calendar, MOSCOW)
    assert due == at(MOSCOW, 2026, 12, 5, 10, 20)
    # Saturday closes at 16:00: the rest goes to Monday
    due = add_working_minutes(at(MOSCOW, 2026, 12, 5, 15, 30), 60, calendar, MOSCOW)
    assert due == at(MOSCOW, 2026, 12, 7, 9, 30)


def test_split_windows_in_one_day():
    calendar = Calendar.from_dict({"weekly": [{"day": 3, "open": "09:00", "close": "13:00"},
                                              {"day": 3, "open": "14:00", "close": "18:00"}], "holidays": []})
    due = add_working_minutes(at(MOSCOW, 2026, 12, 2, 12, 30), 60, calendar, MOSCOW)
    assert due == at(MOSCOW, 2026, 12, 2, 14, 30)


def test_night_windows_across_a_dst_change_count_real_minutes():
    # Berlin leaves summer time on Sunday 2026-10-25 at 03:00 (clocks go back to 02:00): a window
    # 00:00-05:00 that night lasts six real hours.
    calendar = Calendar.from_dict({"weekly": [{"day": 7, "open": "00:00", "close": "05:00"}], "holidays": []})
    start = at(BERLIN, 2026, 10, 25, 0, 0)
    due = add_working_minutes(start, 6 * 60, calendar, BERLIN)
    assert due.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=6)
    assert due.astimezone(BERLIN).hour == 5
    # and the spring change (2026-03-29, 02:00 -> 03:00) makes the same window four real hours
    start = at(BERLIN, 2026, 3, 29, 0, 0)
    due = add_working_minutes(start, 5 * 60, calendar, BERLIN)
    assert due.astimezone(BERLIN) == at(BERLIN, 2026, 4, 5, 1, 0)


def test_working_hours_keep_wall_times_across_dst():
    # Friday 2026-10-23 19:50 CEST + 30 working minutes -> Monday 09:20 CET (the offset changed in between)
    due = add_working_minutes(at(BERLIN, 2026, 10, 23, 19, 50), 30, WEEKDAYS, BERLIN)
    assert due == at(BERLIN, 2026, 10, 26, 9, 20)
    assert due.utcoffset() == timedelta(hours=1)


def test_a_calendar_without_windows_counts_wall_time():
    empty = Calendar.from_dict({"weekly": [], "holidays": []})
    start = at(MOSCOW, 2026, 12, 4, 19, 50)
    assert add_working_minutes(start, 30, empty, MOSCOW) == start + timedelta(minutes=30)


def test_due_and_warning_moments():
    start = at(MOSCOW, 2026, 12, 4, 19, 50)
    due, warn = due_moments(start, minutes=30, warn_before_minutes=20, business_hours=True, calendar=WEEKDAYS,
                            zone=MOSCOW)
    assert (due, warn) == (at(MOSCOW, 2026, 12, 7, 9, 20), at(MOSCOW, 2026, 12, 4, 20, 0))
    due, warn = due_moments(start, minutes=30, warn_before_minutes=0, business_hours=False, calendar=WEEKDAYS,
                            zone=MOSCOW)
    assert (due, warn) == (start + timedelta(minutes=30), None)


def test_naive_start_is_refused():
    with pytest.raises(ValueError):
        add_working_minutes(datetime(2026, 12, 4, 19, 50), 30, WEEKDAYS, MOSCOW)
