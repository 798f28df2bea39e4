from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db.models import Count, Q

from apps.common.capabilities import Role, effective_role

from .models import MasterProfile

User = get_user_model()

DashboardSection = Callable[[object], dict]
_dashboard_sections: list[DashboardSection] = []


def register_dashboard_section(section: DashboardSection) -> DashboardSection:
    """Domain apps add their counts to `/dashboard/` from `AppConfig.ready()`."""
    if section not in _dashboard_sections:
        _dashboard_sections.append(section)
    return section


def dashboard_for(*, user) -> dict:
    data: dict = {"role": effective_role(user)}
    for section in _dashboard_sections:
        data.update(section(user))
    return data


@register_dashboard_section
def _accounts_section(user) -> dict:
    role = effective_role(user)
    if role == Role.ADMIN:
        by_role = dict(
            User.objects.values_list("role").annotate(n=Count("id")).values_list("role", "n")
        )
        return {
            "users_by_role": {r.value: by_role.get(r.value, 0) for r in Role},
            "users_banned": User.objects.filter(is_banned=True).count(),
            "masters_pending": MasterProfile.objects.filter(status=MasterProfile.Status.PENDING).count(),
        }
    if role == Role.MASTER:
        profile = getattr(user, "master_profile", None)
        return {
            "master_status": profile.status if profile else None,
            "rating": {
                "average": float(profile.rating_avg) if profile and profile.rating_avg is not None else None,
                "count": profile.rating_count if profile else 0,
            },
        }
    return {}


def user_list(*, role: str | None = None, banned: bool | None = None, q: str | None = None,
              include_admins: bool = True):
    qs = User.objects.select_related("master_profile").order_by("id")
    if not include_admins:
        qs = qs.filter(role__in=[Role.CLIENT, Role.MASTER], is_superuser=False)
    if role:
        qs = qs.filter(Q(role=role) | Q(is_superuser=True)) if role == Role.ADMIN else qs.filter(
            role=role, is_superuser=False)
    if banned is not None:
        qs = qs.filter(is_banned=banned)
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(display_name__icontains=q) | Q(email__icontains=q)
                       | Q(telegram_username__icontains=q))
    return qs
