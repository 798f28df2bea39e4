"""Days and date ranges in the one reporting zone (`TIME_ZONE`): every report, chart, SLA figure
and daily metric cuts time here, so "a day" means the same thing everywhere.

A day is half-open, `[local midnight, next local midnight)`, computed in the zone itself, so a DST
day is 23 or 25 hours long and nothing is counted twice or lost. A range `from..to` is inclusive
of both days (as people say it) and becomes the half-open interval `[from 00:00, to+1 00:00)`."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from rest_framework import serializers

from .errors import ApplicationError, ErrorCode

DEFAULT_DAYS = 30
MAX_DAYS = 366


def reporting_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def today() -> date:
    return timezone.localdate(timezone=reporting_zone())


def local_day(moment: datetime) -> date:
    """The reporting day an aware moment falls on."""
    return timezone.localtime(moment, reporting_zone()).date()


def day_start(day: date) -> datetime:
    """Local midnight of `day` in the reporting zone, as an aware moment in UTC (arithmetic between
    aware datetimes of one zone ignores DST in Python; UTC moments subtract correctly)."""
    return datetime.combine(day, time.min, tzinfo=reporting_zone()).astimezone(UTC)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """`[day 00:00, day+1 00:00)` in the reporting zone (23, 24 or 25 hours)."""
    return day_start(day), day_start(day + timedelta(days=1))


@dataclass(frozen=True)
class DateRange:
    """Days `first..last`, both included."""

    first: date
    last: date

    @property
    def length(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        """The half-open interval of moments the range covers."""
        return day_start(self.first), day_start(self.last + timedelta(days=1))

    def days(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range(self.length)]

    def previous(self) -> "DateRange":
        """The range of the same length that ends the day before this one starts."""
        last = self.first - timedelta(days=1)
        return DateRange(last - timedelta(days=self.length - 1), last)

    def as_dict(self) -> dict:
        return {"from": self.first.isoformat(), "to": self.last.isoformat()}


class DateRangeQuery(serializers.Serializer):
    """`?from=YYYY-MM-DD&to=YYYY-MM-DD` (inclusive). Both optional: `to` defaults to today, `from`
    to `to` minus the default length."""

    # "from" is a Python keyword: the fields are declared under their query names below.
    def get_fields(self):
        return {
            "from": serializers.DateField(required=False, help_text="First day (YYYY-MM-DD), inclusive."),
            "to": serializers.DateField(required=False, help_text="Last day (YYYY-MM-DD), inclusive."),
        }


def date_range_from_query(query, *, default_days: int = DEFAULT_DAYS, max_days: int = MAX_DAYS) -> DateRange:
    """Read `from`/`to` from query parameters. A malformed date, `from` after `to` or a range longer
    than `max_days` is a 400 `invalid` with `errors` naming the parameter."""
    data = {key: query.get(key) for key in ("from", "to") if query.get(key) not in (None, "")}
    reader = DateRangeQuery(data=data)
    if not reader.is_valid():
        raise ApplicationError(ErrorCode.INVALID, "Dates are YYYY-MM-DD.", 400,
                               errors={key: [str(e) for e in errs] for key, errs in reader.errors.items()})
    last = reader.validated_data.get("to")
    first = reader.validated_data.get("from")
    if last is None:
        last = max(today(), first) if first is not None else today()
    if first is None:
        first = last - timedelta(days=default_days - 1)
    if first > last:
        raise ApplicationError(ErrorCode.INVALID, "The range starts after it ends.", 400,
                               errors={"from": ["Must not be after `to`."]})
    span = DateRange(first, last)
    if span.length > max_days:
        raise ApplicationError(ErrorCode.INVALID, f"A range is at most {max_days} days.", 400,
                               errors={"to": [f"At most {max_days} days after `from`."]})
    return span
