from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet

from apps.common.capabilities import Role, admins_q, effective_role

from .models import MasterProfile

User = get_user_model()

DashboardSection = Callable[[object], dict]
_dashboard_sections: list[DashboardSection] = []


def register_dashboard_section(section: DashboardSection) -> DashboardSection:
    """Domain apps add their counts to `/dashboard/` from `AppConfig.ready()`."""
    if section not in _dashboard_sections:
        _dashboard_sections.append(section)
    return section


MasterSummary = Callable[[object], dict]
_master_summaries: list[MasterSummary] = []


def register_master_summary(provider: MasterSummary) -> MasterSummary:
    """Other apps add fields to a master's profile as accounts shows it (the reviews app: the
    rating summary it owns), from `AppConfig.ready()`. `provider(user)` returns a dict."""
    if provider not in _master_summaries:
        _master_summaries.append(provider)
    return provider


def master_summary(user) -> dict:
    data: dict = {}
    for provider in _master_summaries:
        data.update(provider(user))
    return data


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
    if role == Role.MASTER:  # (the reviews app adds the master's rating)
        profile = getattr(user, "master_profile", None)
        return {"master_status": profile.status if profile else None}
    return {}


def admin_list() -> QuerySet:
    """Every admin, in primary-key order (the order admin rows are locked in)."""
    return User.objects.filter(admins_q()).order_by("pk")


def user_search_q(text: str) -> Q:
    """What a text search over users looks at: username, display name, email, Telegram username."""
    text = text.strip()
    return (Q(username__icontains=text) | Q(display_name__icontains=text) | Q(email__icontains=text)
            | Q(telegram_username__icontains=text))


def user_list(*, include_admins: bool = True) -> QuerySet:
    """Users with their master profile, oldest first; without admins if `include_admins` is false."""
    qs = User.objects.select_related("master_profile").order_by("id")
    return qs if include_admins else qs.exclude(admins_q())
