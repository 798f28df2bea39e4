"""Query filters of the admin logs (django-filter; a bad value is a 400, never a 500)."""

from datetime import datetime, time

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from ..audit.models import AuditEntry
from ..events.models import PlatformEvent
from ..events.types import EventType


class DateOrDateTimeField(forms.Field):
    """`2026-03-01` or `2026-03-01T10:00:00+03:00`; a bare date is taken whole (its start for a
    lower bound, its end for an upper bound), in the site's time zone."""

    def __init__(self, *args, end_of_day: bool = False, **kwargs) -> None:
        self.end_of_day = end_of_day
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        try:
            day = parse_date(text)
            moment = None if day else parse_datetime(text)
        except ValueError:
            moment = day = None
        if moment is None and day is None:
            raise forms.ValidationError("Enter a date (YYYY-MM-DD) or an ISO 8601 date-time.", code="invalid")
        if moment is None:
            moment = datetime.combine(day, time.max if self.end_of_day else time.min)
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
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


class IPFilter(django_filters.CharFilter):
    field_class = forms.GenericIPAddressField


class EventFilter(django_filters.FilterSet):
    type = django_filters.MultipleChoiceFilter(choices=[(t.value, t.value) for t in EventType],
                                               help_text="Event type; repeat for several.")
    actor = UserIdFilter(field_name="actor_id", help_text="Actor's user id.")
    subject_type = django_filters.CharFilter(help_text='"app_label.model", e.g. "appointments.appointment".')
    subject_id = django_filters.CharFilter()
    request_id = django_filters.CharFilter()
    date_from = DateBoundFilter(field_name="created_at", lookup_expr="gte",
                                help_text="From this date (YYYY-MM-DD) or ISO date-time, inclusive.")
    date_to = DateBoundFilter(field_name="created_at", lookup_expr="lte", end_of_day=True,
                              help_text="Up to this date (the whole day) or ISO date-time, inclusive.")

    class Meta:
        model = PlatformEvent
        fields = ["type", "actor", "subject_type", "subject_id", "request_id", "date_from", "date_to"]


class AuditFilter(django_filters.FilterSet):
    action = django_filters.CharFilter(help_text='e.g. "auth.login", "flag.updated".')
    action_prefix = django_filters.CharFilter(field_name="action", lookup_expr="startswith",
                                              help_text='e.g. "auth." or "user."')
    actor = UserIdFilter(field_name="actor_id", help_text="Actor's user id.")
    target_type = django_filters.CharFilter()
    target_id = django_filters.CharFilter()
    ip = IPFilter()
    request_id = django_filters.CharFilter()
    q = django_filters.CharFilter(method="search", help_text="Text in actor name, target or reason.")
    date_from = DateBoundFilter(field_name="created_at", lookup_expr="gte",
                                help_text="From this date (YYYY-MM-DD) or ISO date-time, inclusive.")
    date_to = DateBoundFilter(field_name="created_at", lookup_expr="lte", end_of_day=True,
                              help_text="Up to this date (the whole day) or ISO date-time, inclusive.")

    class Meta:
        model = AuditEntry
        fields = ["action", "action_prefix", "actor", "target_type", "target_id", "ip", "request_id", "q",
                  "date_from", "date_to"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(actor_username__icontains=value) | Q(target_repr__icontains=value)
                               | Q(reason__icontains=value))
