"""Filters of the moderators' review list (django-filter: a bad value is a 400, never a 500)."""

import django_filters
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from apps.common.filters import DateBoundFilter, StrictBooleanFilter, UserIdFilter

from ..models import Review
from ..selectors import published_q
from ..types import REVIEW_FLAGS, ReviewDirection

ALL_FLAGS = REVIEW_FLAGS


class ReviewAdminFilter(django_filters.FilterSet):
    direction = django_filters.ChoiceFilter(choices=ReviewDirection.choices)
    rating = django_filters.MultipleChoiceFilter(choices=[(i, str(i)) for i in range(1, 6)],
                                                 help_text="Stars; repeat for several.")
    hidden = StrictBooleanFilter(field_name="is_hidden", help_text="Hidden by a moderator.")
    published = StrictBooleanFilter(method="filter_published",
                                help_text="Visible to the other side and the public (moderation aside).")
    flag = django_filters.ChoiceFilter(choices=[(f, f) for f in ALL_FLAGS], method="filter_flag")
    author = UserIdFilter(field_name="author_id", help_text="Author's user id.")
    subject = UserIdFilter(field_name="subject_id", help_text="Reviewed user's id.")
    master = UserIdFilter(method="filter_master", help_text="Reviews written by or about this master.")
    appointment = UserIdFilter(field_name="appointment_id", help_text="Appointment id.")
    q = django_filters.CharFilter(method="search", help_text="Text in the comment or the names.")
    date_from = DateBoundFilter(field_name="created_at", lookup_expr="gte",
                                help_text="From this date (YYYY-MM-DD) or ISO date-time, inclusive.")
    date_to = DateBoundFilter(field_name="created_at", lookup_expr="lte", end_of_day=True,
                              help_text="Up to this date (the whole day) or ISO date-time, inclusive.")

    class Meta:
        model = Review
        fields = ["direction", "rating", "hidden", "published", "flag", "author", "subject", "master", "appointment",
                  "q", "date_from", "date_to"]

    def filter_published(self, queryset, name, value):
        return queryset.filter(published_q()) if value else queryset.exclude(published_q())

    def filter_flag(self, queryset, name, value):
        # Flags come from a fixed vocabulary of plain words, so matching the quoted word in the JSON
        # text is exact and works the same on SQLite and PostgreSQL.
        return queryset.alias(flags_text=Cast("flags", TextField())).filter(flags_text__contains=f'"{value}"')

    def filter_master(self, queryset, name, value):
        return queryset.filter(Q(author_id=value) | Q(subject_id=value))

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(comment__icontains=value) | Q(author__username__icontains=value)
            | Q(author__display_name__icontains=value) | Q(subject__username__icontains=value)
            | Q(subject__display_name__icontains=value))
