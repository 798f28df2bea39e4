"""Generic query filters (django-filter) every app's lists use: date bounds that take a day or an
ISO date-time, user ids in range, strict booleans. A value they can't read is a 400 naming the
parameter, never a 500 and never silently ignored."""

from datetime import datetime, time

import django_filters
from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field


def parse_date_bound(text: str, *, end_of_day: bool = False) -> datetime | None:
    """`2026-03-01` or `2026-03-01T10:00:00+03:00` as an aware moment; a bare date is taken whole
    (its start, or with `end_of_day` its end) in the site's time zone. None if unreadable."""
    text = str(text).strip()
    try:
        day = parse_date(text)
        moment = None if day else parse_datetime(text)
    except ValueError:
        return None
    if moment is None and day is None:
        return None
    if moment is None:
        moment = datetime.combine(day, time.max if end_of_day else time.min)
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class DateOrDateTimeField(forms.Field):
    """A form field over `parse_date_bound`."""

    def __init__(self, *args, end_of_day: bool = False, **kwargs) -> None:
        self.end_of_day = end_of_day
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        moment = parse_date_bound(value, end_of_day=self.end_of_day)
        if moment is None:
            raise forms.ValidationError("Enter a date (YYYY-MM-DD) or an ISO 8601 date-time.", code="invalid")
        return moment


@extend_schema_field(OpenApiTypes.STR)
class DateBoundFilter(django_filters.Filter):
    def __init__(self, *args, end_of_day: bool = False, **kwargs) -> None:
        self.field_class = DateOrDateTimeField
        super().__init__(*args, **kwargs)
        self.extra["end_of_day"] = end_of_day


@extend_schema_field(OpenApiTypes.INT)
class UserIdFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(django_filters.TypedChoiceFilter):
    """`true` / `false`; anything else is a 400 (django-filter's BooleanFilter silently ignores it)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(choices=[("true", "true"), ("false", "false")], coerce=lambda value: value == "true",
                         **kwargs)
