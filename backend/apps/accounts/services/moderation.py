"""What admins do to accounts: ban and unban, change roles, activate and suspend masters."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from apps.common.capabilities import AdminRole, Role, effective_admin_role
from apps.common.errors import ApplicationError, Conflict, ErrorCode, NotFound

from .. import events
from ..models import MasterProfile
from ..selectors import admin_list
from ..sessions import user_sessions_end
from ..tokens import tokens_revoke_all

User = get_user_model()


@transaction.atomic
def user_ban(*, user, actor, reason: str, request=None):
    """Ban and revoke every refresh token at once; bearer tokens stop working on the next call."""
    user = User.objects.select_for_update().get(pk=user.pk)
    changes = {"is_banned": [user.is_banned, True], "ban_reason": [user.ban_reason, reason]}
    user.is_banned = True
    user.banned_at = timezone.now()
    user.ban_reason = reason
    user.banned_by = actor
    user.save(update_fields=["is_banned", "banned_at", "ban_reason", "banned_by"])
    revoked = tokens_revoke_all(user=user)
    user_sessions_end(user=user)
    events.user_banned(user, actor=actor, reason=reason, changes=changes, tokens_revoked=revoked, request=request)
    return user


@transaction.atomic
def user_unban(*, user, actor, reason: str = "", request=None):
    user = User.objects.select_for_update().get(pk=user.pk)
    changes = {"is_banned": [user.is_banned, False], "ban_reason": [user.ban_reason, ""]}
    user.is_banned = False
    user.banned_at = None
    user.ban_reason = ""
    user.banned_by = None
    user.save(update_fields=["is_banned", "banned_at", "ban_reason", "banned_by"])
    events.user_unbanned(user, actor=actor, reason=reason, changes=changes, request=request)
    return user


def _is_super_admin(user) -> bool:
    return effective_admin_role(user) == AdminRole.SUPER_ADMIN


@transaction.atomic
def user_change_role(*, user, actor, role: str, admin_role: str = "", request=None):
    """Change a user's role (and admin sub-role). The last active super admin can't be demoted;
    concurrent demotions serialise on the admin rows, so two of them can't both succeed."""
    if role not in set(Role):
        raise ApplicationError(ErrorCode.INVALID, f"Unknown role: {role}.", 400)
    if admin_role and (role != Role.ADMIN or admin_role not in set(AdminRole)):
        raise ApplicationError(ErrorCode.INVALID, "admin_role is one of the admin sub-roles, for admins only.", 400)
    admins = list(admin_list().select_for_update())
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_superuser and role != Role.ADMIN:
        raise ApplicationError(ErrorCode.INVALID, "A superuser is always an admin.", 400)
    before = {"role": user.role, "admin_role": user.admin_role}
    was_super = _is_super_admin(user)
    user.role, user.admin_role = role, admin_role if role == Role.ADMIN else ""
    changes = {field: [old, getattr(user, field)] for field, old in before.items() if getattr(user, field) != old}
    if not changes:
        return user
    if was_super and not _is_super_admin(user):
        others = [a for a in admins if a.pk != user.pk and _is_super_admin(a) and a.is_active and not a.is_banned]
        if not others:
            raise Conflict("The last super admin can't lose that role.", code=ErrorCode.LAST_SUPER_ADMIN)
    user.save(update_fields=list(changes))
    if role == Role.MASTER:
        MasterProfile.objects.get_or_create(user=user)
    events.role_changed(user, actor=actor, before=before, changes=changes, request=request)
    return user


@transaction.atomic
def master_set_status(*, user, actor, status: str, reason: str = "", request=None) -> MasterProfile:
    """Activate or suspend a master (only active masters see and take new requests)."""
    if status not in (MasterProfile.Status.ACTIVE, MasterProfile.Status.SUSPENDED):
        raise ApplicationError(ErrorCode.INVALID, "A master is activated or suspended.", 400)
    profile = MasterProfile.objects.select_for_update().filter(user_id=user.pk, user__role=Role.MASTER).first()
    if profile is None:
        raise NotFound("No such master.")
    if profile.status == status:
        return profile
    changes = {"status": [profile.status, status]}
    profile.status, profile.status_reason, profile.status_changed_at = status, reason, timezone.now()
    profile.save(update_fields=["status", "status_reason", "status_changed_at", "updated_at"])
    events.master_status_changed(profile, actor=actor, active=status == MasterProfile.Status.ACTIVE, reason=reason,
                                 changes=changes, request=request)
    return profile
