"""Admin reads: the base querysets of the admin lists (filters and ordering are applied on top by
the FilterSets in api/filters.py) and single rows by user id."""

from django.contrib.auth import get_user_model
from django.db.models import Count, F, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from apps.accounts.selectors import user_list
from apps.appointments.models import TERMINAL_STATUSES, Appointment, AppointmentStatus
from apps.appointments.selectors import with_list_data
from apps.common.capabilities import Role
from apps.common.errors import NotFound
from apps.scoring.selectors import with_score_levels

User = get_user_model()


def admin_appointment_list(*, user) -> QuerySet:
    """Every appointment, newest first, with what the appointment serializer reads per row."""
    return with_list_data(Appointment.objects.all(), user).order_by("-created_at", "-id")


def admin_user_list(*, include_admins: bool) -> QuerySet:
    """`users/` (clients and masters) or `users/all/` (everyone), newest first, with the rating
    summary (reviews') of masters and the score levels (scoring's)."""
    return with_score_levels(user_list(include_admins=include_admins).select_related("rating_summary")).order_by("-id")


def admin_user_get(*, user_id: int):
    user = with_score_levels(User.objects.select_related("master_profile", "rating_summary")).filter(pk=user_id).first()
    if user is None:
        raise NotFound("No such user.")
    return user


def _work_count(work: QuerySet) -> Coalesce:
    """How many of `work` belong to the outer master: a correlated subquery, so it is computed
    for the rows of the page only, and the paginator's count stays a plain COUNT."""
    counted = work.filter(master=OuterRef("pk")).order_by().values("master").annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def admin_master_list() -> QuerySet:
    """Masters with their profile, their rating summary (reviews') and how much work they have:
    active (assigned, not finished) and completed. One query, whatever the page size."""
    return with_score_levels(
        User.objects.filter(role=Role.MASTER, is_superuser=False, master_profile__isnull=False)
        .select_related("master_profile", "rating_summary")
        .annotate(
            rating_avg=F("rating_summary__average"),
            rating_count=Coalesce(F("rating_summary__count"), 0),
            active_count=_work_count(Appointment.objects.exclude(status__in=TERMINAL_STATUSES)),
            completed_count=_work_count(Appointment.objects.filter(status=AppointmentStatus.COMPLETED)),
        )
        .order_by("-id")
    )


def admin_master_get(*, user_id: int):
    master = admin_master_list().filter(pk=user_id).first()
    if master is None:
        raise NotFound("No such master.")
    return master
