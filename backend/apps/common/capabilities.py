"""What each kind of user may do, as one table. Views and services ask for a capability,
never for a role, so an admin sub-role changes by editing this table alone.

It lives in `apps.common` (not `apps.accounts`) because `apps.platform` checks capabilities
too and must not import a domain app."""

from enum import StrEnum

from django.db.models import Q


class Role(StrEnum):
    CLIENT = "client"
    MASTER = "master"
    ADMIN = "admin"


class AdminRole(StrEnum):
    SUPER_ADMIN = "super_admin"
    SUPPORT = "support"
    FINANCE = "finance"
    MODERATOR = "moderator"
    ANALYST = "analyst"


class Capability(StrEnum):
    # non-admin work
    APPOINTMENTS_CREATE = "appointments.create"
    APPOINTMENTS_WORK = "appointments.work"
    # admin
    ADMIN_ACCESS = "admin.access"
    APPOINTMENTS_VIEW = "appointments.view"
    APPOINTMENTS_MANAGE = "appointments.manage"
    PAYMENTS_CONFIRM = "payments.confirm"
    PAYMENTS_REJECT = "payments.reject"
    USERS_VIEW = "users.view"
    USERS_BAN = "users.ban"
    USERS_ROLES = "users.roles"
    MASTERS_MANAGE = "masters.manage"
    CHAT_MODERATE = "chat.moderate"
    REVIEWS_MODERATE = "reviews.moderate"
    ANALYTICS_VIEW = "analytics.view"
    EVENTS_VIEW = "events.view"
    AUDIT_VIEW = "audit.view"
    SYSTEM_STATUS = "system.status"
    SYSTEM_SETTINGS = "system.settings"
    SYSTEM_ACTIONS = "system.actions"
    FLAGS_MANAGE = "flags.manage"
    RULES_MANAGE = "rules.manage"


_ADMIN_CAPABILITIES: frozenset[Capability] = frozenset(
    c for c in Capability if c not in (Capability.APPOINTMENTS_CREATE, Capability.APPOINTMENTS_WORK)
)

ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.CLIENT: frozenset({Capability.APPOINTMENTS_CREATE}),
    Role.MASTER: frozenset({Capability.APPOINTMENTS_WORK}),
}

ADMIN_ROLE_CAPABILITIES: dict[AdminRole, frozenset[Capability]] = {
    AdminRole.SUPER_ADMIN: _ADMIN_CAPABILITIES,
    AdminRole.SUPPORT: frozenset({
        Capability.ADMIN_ACCESS, Capability.APPOINTMENTS_VIEW, Capability.APPOINTMENTS_MANAGE,
        Capability.USERS_VIEW, Capability.CHAT_MODERATE,
    }),
    AdminRole.FINANCE: frozenset({
        Capability.ADMIN_ACCESS, Capability.PAYMENTS_CONFIRM, Capability.PAYMENTS_REJECT,
        Capability.APPOINTMENTS_VIEW, Capability.ANALYTICS_VIEW,
    }),
    AdminRole.MODERATOR: frozenset({
        Capability.ADMIN_ACCESS, Capability.USERS_VIEW, Capability.USERS_BAN, Capability.MASTERS_MANAGE,
        Capability.CHAT_MODERATE, Capability.REVIEWS_MODERATE,
    }),
    AdminRole.ANALYST: frozenset({
        Capability.ADMIN_ACCESS, Capability.APPOINTMENTS_VIEW, Capability.ANALYTICS_VIEW, Capability.EVENTS_VIEW,
    }),
}


def effective_role(user) -> Role | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if user.is_superuser:
        return Role.ADMIN
    return Role(user.role)


def effective_admin_role(user) -> AdminRole | None:
    if effective_role(user) != Role.ADMIN:
        return None
    return AdminRole(user.admin_role) if user.admin_role else AdminRole.SUPER_ADMIN


def capabilities_of(user) -> frozenset[Capability]:
    role = effective_role(user)
    if role is None:
        return frozenset()
    if role == Role.ADMIN:
        return ADMIN_ROLE_CAPABILITIES[effective_admin_role(user)]
    return ROLE_CAPABILITIES[role]


def has_capability(user, capability: Capability | str) -> bool:
    return Capability(capability) in capabilities_of(user)


def is_admin(user) -> bool:
    return effective_role(user) == Role.ADMIN


# The same rules as filters over users (role, is_superuser, admin_role columns), for querysets.

def admins_q() -> Q:
    """Who is an admin: the admin role, or a Django superuser whatever their role field says (as
    `effective_role` decides). The one definition; querysets and counts use it."""
    return Q(role=Role.ADMIN) | Q(is_superuser=True)


def holders_q(capability: Capability | str) -> Q:
    """Admins whose sub-role holds `capability` (an admin without a sub-role is a super admin), as
    `capabilities_of` decides for one user."""
    capability = Capability(capability)
    roles = [role for role, held in ADMIN_ROLE_CAPABILITIES.items() if capability in held]
    sub_role = Q(admin_role__in=[r.value for r in roles])
    if AdminRole.SUPER_ADMIN in roles:
        sub_role |= Q(admin_role="")
    return admins_q() & sub_role
