"""Query filters of the admin lists (django-filter): a value it can't read is a 400 naming the
parameter, never a 500 and never silently ignored."""

import django_filters
from django.db.models import F, Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from apps.accounts.models import MasterProfile
from apps.accounts.selectors import user_search_q
from apps.appointments.models import Appointment
from apps.appointments.selectors import with_statuses
from apps.appointments.sla.selectors import sla_state_q
from apps.appointments.tags import tagged_q
from apps.common.capabilities import Role, admins_q
from apps.common.filters import DateBoundFilter, UserIdFilter
from apps.scoring.selectors import where_level
from apps.scoring.types import ClientRiskLevel, MasterPerformanceLevel, ScoreKind

BOOLEAN_CHOICES = [("true", "true"), ("false", "false")]
RISK_CHOICES = [(level.value, level.value) for level in ClientRiskLevel]
PERFORMANCE_CHOICES = [(level.value, level.value) for level in MasterPerformanceLevel]


@extend_schema_field(OpenApiTypes.STR)
class StatusInFilter(django_filters.BaseInFilter, django_filters.CharFilter):
    """`?status=PAID` or several, comma-separated: `?status=PAID,COMPLETED`, read by the same rule
    as the regular appointment lists (`appointments.selectors.with_statuses`)."""

    def filter(self, qs, value):
        return with_statuses(qs, value)


@extend_schema_field(OpenApiTypes.STR)
class TextChoiceFilter(django_filters.ChoiceFilter):
    """A choice filter documented as a plain string (its choices are in the help text): a named enum
    would collide with the schema's other choice sets of the same parameter name."""


class AppointmentFilter(django_filters.FilterSet):
    status = StatusInFilter(field_name="status", help_text="One status or several, comma-separated.")
    master = UserIdFilter(field_name="master_id", help_text="The assigned master's user id.")
    client = UserIdFilter(field_name="client_id", help_text="The client's user id.")
    created_from = DateBoundFilter(field_name="created_at", lookup_expr="gte",
                                   help_text="Created on or after this date (YYYY-MM-DD) or ISO date-time.")
    created_to = DateBoundFilter(field_name="created_at", lookup_expr="lte", end_of_day=True,
                                 help_text="Created on or before this date (the whole day) or ISO date-time.")
    tag = django_filters.CharFilter(method="with_tag", max_length=40,
                                    help_text="Appointments carrying this tag (set by rules).")
    q = django_filters.CharFilter(method="search", max_length=200,
                                  help_text="Id (`42` or `#42`), text in the title or description, or a "
                                            "client's or master's username or name.")
    sla = TextChoiceFilter(choices=[("breached", "breached"), ("warning", "warning")], method="sla_state",
                           help_text="breached (the current stage is past its SLA deadline) or warning (in its "
                                     "warning lead).")
    ordering = django_filters.OrderingFilter(
        fields=["created_at", "updated_at", "status", "price", "id"],
        help_text="created_at, updated_at, status, price or id; prefix with - for descending.",
    )

    class Meta:
        model = Appointment
        fields = ["status", "master", "client", "created_from", "created_to", "tag", "q"]

    def with_tag(self, queryset, name, value):
        return queryset.filter(tagged_q(value))

    def sla_state(self, queryset, name, value):
        return queryset.filter(sla_state_q(value))

    def search(self, queryset, name, value):
        value = value.strip()
        condition = (Q(title__icontains=value) | Q(description__icontains=value)
                     | Q(client__username__icontains=value) | Q(client__display_name__icontains=value)
                     | Q(master__username__icontains=value) | Q(master__display_name__icontains=value))
        number = value.removeprefix("#")
        if number.isdigit() and len(number) < 19:
            condition |= Q(pk=int(number))
        return queryset.filter(condition)


class UserFilter(django_filters.FilterSet):
    """`users/`: clients and masters (AllUserFilter, for `users/all/`, adds the admin role)."""

    role = TextChoiceFilter(method="filter_role", choices=[(Role.CLIENT, Role.CLIENT), (Role.MASTER, Role.MASTER)],
                            help_text="client or master.")
    banned = django_filters.ChoiceFilter(method="filter_banned", choices=BOOLEAN_CHOICES,
                                         help_text="true: banned only; false: not banned.")
    status = TextChoiceFilter(method="filter_status", choices=[("active", "active"), ("banned", "banned")],
                              help_text="Account status: active (not banned) or banned.")
    q = django_filters.CharFilter(method="search", max_length=200,
                                  help_text="Text in the username, display name, email or Telegram username.")
    risk = TextChoiceFilter(method="filter_risk", choices=RISK_CHOICES,
                            help_text="Clients whose risk level (override applied) is low, medium, high or "
                                      "insufficient_data.")
    performance = TextChoiceFilter(method="filter_performance", choices=PERFORMANCE_CHOICES,
                                   help_text="Masters whose performance level (override applied) is excellent, "
                                             "good, fair, poor or insufficient_data.")
    ordering = django_filters.OrderingFilter(
        fields=["id", "username", "date_joined", "last_login"],
        help_text="id, username, date_joined or last_login; prefix with - for descending.",
    )

    def filter_role(self, queryset, name, value):
        if value == Role.ADMIN:
            return queryset.filter(admins_q())
        return queryset.filter(role=value).exclude(admins_q())

    def filter_banned(self, queryset, name, value):
        return queryset.filter(is_banned=value == "true")

    def filter_status(self, queryset, name, value):
        return queryset.filter(is_banned=value == "banned")

    def filter_risk(self, queryset, name, value):
        return where_level(queryset, kind=ScoreKind.CLIENT_RISK, level=value)

    def filter_performance(self, queryset, name, value):
        return where_level(queryset, kind=ScoreKind.MASTER_PERFORMANCE, level=value)

    def search(self, queryset, name, value):
        return queryset.filter(user_search_q(value))


class AllUserFilter(UserFilter):
    role = TextChoiceFilter(method="filter_role", choices=[(r.value, r.value) for r in Role],
                            help_text="client, master or admin.")


class MasterFilter(django_filters.FilterSet):
    status = TextChoiceFilter(field_name="master_profile__status", choices=MasterProfile.Status.choices,
                              help_text="The master profile's status: pending, active or suspended.")
    banned = django_filters.ChoiceFilter(method="filter_banned", choices=BOOLEAN_CHOICES)
    q = django_filters.CharFilter(method="search", max_length=200,
                                  help_text="Text in the username, display name, email or Telegram username.")
    performance = TextChoiceFilter(method="filter_performance", choices=PERFORMANCE_CHOICES,
                                   help_text="Performance level (override applied): excellent, good, fair, poor "
                                             "or insufficient_data.")
    ordering = django_filters.ChoiceFilter(
        method="order", choices=[(v, v) for field in ("rating", "active_count", "completed_count", "date_joined", "id")
                                 for v in (field, f"-{field}")],
        help_text="rating (unrated last), active_count, completed_count, date_joined or id; - for descending.",
    )

    def filter_banned(self, queryset, name, value):
        return queryset.filter(is_banned=value == "true")

    def search(self, queryset, name, value):
        return queryset.filter(user_search_q(value))

    def filter_performance(self, queryset, name, value):
        return where_level(queryset, kind=ScoreKind.MASTER_PERFORMANCE, level=value)

    def order(self, queryset, name, value):
        descending = value.startswith("-")
        field = value.lstrip("-")
        if field == "rating":
            expression = F("rating_avg")  # reviews' summary, annotated by the selector
            expression = expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
            return queryset.order_by(expression, "-id")
        return queryset.order_by(value, "-id")
