"""Query filters of the admin logs (django-filter; a bad value is a 400, never a 500)."""

import django_filters
from django import forms
from django.apps import apps as django_apps
from django.db.models import Q

from apps.common.filters import DateBoundFilter, UserIdFilter

from ..audit.models import AuditEntry
from ..events.models import PlatformEvent
from ..events.types import event_type_names

# The event types below are the registered ones: every app registers its own in ready(), so this
# module must not be imported before they all ran (it isn't: the URLconf imports it).
django_apps.check_apps_ready()


class IPFilter(django_filters.CharFilter):
    field_class = forms.GenericIPAddressField


class EventFilter(django_filters.FilterSet):
    type = django_filters.MultipleChoiceFilter(choices=[(t, t) for t in sorted(event_type_names())],
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
