"""Working-hours arithmetic for SLA due times: pure functions, no database, no settings.

A calendar is a weekly list of opening windows (ISO weekday 1 = Monday .. 7 = Sunday, local wall
times) plus holidays (local dates when nothing is open), in one zone. `add_working_minutes`
walks the windows day by day: each window is turned into two aware moments in the zone (so a
DST change shortens or lengthens the day it happens on, as a clock on the wall would) and the
minutes are spent inside windows only, across nights, weekends and holidays."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# A calendar with no working day at all would never reach a due time: give up after this many days
# and count wall time instead (validation refuses such a calendar when a stage uses working hours).
MAX_DAYS = 3 * 366


@dataclass(frozen=True)
class Window:
    day: int  # ISO weekday, 1 = Monday
    open: time
    close: time


@dataclass(frozen=True)
class Calendar:
    windows: tuple[Window, ...]
    holidays: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def from_dict(cls, data: Mapping) -> "Calendar":
        """From the policy's `calendar` ({weekly: [{day, open: "HH:MM", close: "HH:MM"}], holidays: [ISO dates]})."""
        windows = tuple(sorted(
            (Window(int(w["day"]), time.fromisoformat(w["open"]), time.fromisoformat(w["close"]))
             for w in data.get("weekly", [])),
            key=lambda w: (w.day, w.open),
        ))
        holidays = frozenset(date.fromisoformat(str(d)) for d in data.get("holidays", []))
        return cls(windows=windows, holidays=holidays)

    def windows_on(self, day: date) -> Iterable[Window]:
        if day in self.holidays:
            return ()
        weekday = day.isoweekday()
        return [w for w in self.windows if w.day == weekday]

    @property
    def has_working_time(self) -> bool:
        return any(w.open < w.close for w in self.windows)


def _moment(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC moment the wall clock in `zone` shows `at` on `day` (a time skipped by a DST jump
    resolves forward, fold=0, as zoneinfo does)."""
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def add_working_minutes(start: datetime, minutes: float, calendar: Calendar, zone: ZoneInfo) -> datetime:
    """The moment `minutes` of working time after `start` (aware). Time outside the calendar's
    windows doesn't count; a start outside them begins counting at the next opening. Ends exactly
    at a closing time rather than at the next opening when the minutes run out there."""
    if start.tzinfo is None:
        raise ValueError("start must be an aware datetime")
    remaining = timedelta(minutes=minutes)
    if remaining <= timedelta(0):
        return start
    if not calendar.has_working_time:
        return start + remaining
    cursor = start.astimezone(UTC)
    day = cursor.astimezone(zone).date() - timedelta(days=1)  # a window of the previous day may still be open
    for _ in range(MAX_DAYS):
        for window in calendar.windows_on(day):
            opens, closes = _moment(day, window.open, zone), _moment(day, window.close, zone)
            begin = max(cursor, opens)
            if begin >= closes:
                continue
            available = closes - begin
            if remaining <= available:
                return (begin + remaining).astimezone(start.tzinfo)
            remaining -= available
            cursor = closes
        day += timedelta(days=1)
    return (cursor + remaining).astimezone(start.tzinfo)


def due_moments(start: datetime, *, minutes: int, warn_before_minutes: int, business_hours: bool,
                calendar: Calendar, zone: ZoneInfo) -> tuple[datetime, datetime | None]:
    """(due_at, warn_at) of a clock started at `start`: the warning when `warn_before_minutes` of
    the target remain (working minutes under working hours), None without a warning lead."""
    if business_hours:
        due = add_working_minutes(start, minutes, calendar, zone)
        warn = (add_working_minutes(start, minutes - warn_before_minutes, calendar, zone)
                if warn_before_minutes else None)
    else:
        due = start + timedelta(minutes=minutes)
        warn = due - timedelta(minutes=warn_before_minutes) if warn_before_minutes else None
    if warn is not None and warn < start:
        warn = start
    return due, warn
