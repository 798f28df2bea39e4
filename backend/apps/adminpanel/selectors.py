"""Admin reads: the base querysets of the admin lists (filters and ordering are applied on top by
the FilterSets in api/filters.py) and single rows by user id."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet

from apps.accounts.selectors import user_list
from apps.appointments.models import TERMINAL_STATUSES, Appointment, AppointmentStatus
from apps.appointments.selectors import with_list_data
from apps.common.capabilities import Role
from apps.common.errors import NotFound

User = get_user_model()


def admin_appointment_list(*, user) -> QuerySet:
    """Every appointment, newest first, with what the appointment serializer reads per row."""
    return with_list_data(Appointment.objects.all(), user).order_by("-created_at", "-id")


def admin_user_list(*, include_admins: bool) -> QuerySet:
    """`users/` (clients and masters) or `users/all/` (everyone), newest first."""
    return user_list(include_admins=include_admins).order_by("-id")


def admin_user_get(*, user_id: int):
    user = User.objects.select_related("master_profile").filter(pk=user_id).first()
    if user is None:
        raise NotFound("No such user.")
    return user


def admin_master_list() -> QuerySet:
    """Masters with their profile and how much work they have: active (assigned, not finished)
    and completed. One query, whatever the page size."""
    return (
        User.objects.filter(role=Role.MASTER, is_superuser=False, master_profile__isnull=False)
        .select_related("master_profile")
        .annotate(
            active_count=Count("master_appointments",
                               filter=~Q(master_appointments__status__in=TERMINAL_STATUSES), distinct=True),
            completed_count=Count("master_appointments",
                                  filter=Q(master_appointments__status=AppointmentStatus.COMPLETED), distinct=True),
        )
        .order_by("-id")
    )


def admin_master_get(*, user_id: int):
    master = admin_master_list().filter(pk=user_id).first()
    if master is None:
        raise NotFound("No such master.")
    return master
