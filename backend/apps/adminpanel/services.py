"""Admin writes. Each runs in one transaction, is audited (actor, target, field diff, reason) and
emits a platform event. The domain rules stay in the domain services called here (the appointment
state machine, accounts' ban / role / master status / settings writes, which audit and emit
themselves); what this module adds is what only an admin operation needs: the guards around
acting on other admins, and the run-action log."""

import time

from django.contrib.auth import get_user_model
from django.db import transaction

from apps.accounts import services as accounts
from apps.accounts.selectors import admin_list
from apps.appointments import services as appointments
from apps.appointments.models import Appointment
from apps.common.capabilities import Capability, has_capability, is_admin
from apps.common.errors import ApplicationError, ErrorCode, Forbidden, NotFound

from . import events
from .actions import ActionResult, get_action
from .types import AdminErrorCode

User = get_user_model()

# --- appointments ------------------------------------------------------------------------------
# The state machine's own transitions; the audit entry is written by the transition itself, under
# its lock (apps.appointments.services.Audit).

def admin_appointment_set_status(*, appointment_id: int, actor, status: str, reason: str,
                                 request=None) -> Appointment:
    """Any status to any other, through the state machine's own set-status transition (timeline
    event, platform event and audit entry there)."""
    return appointments.appointment_set_status(appointment_id=appointment_id, actor=actor, status=status,
                                               reason=reason, request=request)


def admin_appointment_confirm_payment(*, appointment_id: int, actor, request=None) -> Appointment:
    return appointments.appointment_confirm_payment(appointment_id=appointment_id, actor=actor, audited=True,
                                                    request=request)


def admin_appointment_reject_payment(*, appointment_id: int, actor, reason: str, request=None) -> Appointment:
    return appointments.appointment_reject_payment(appointment_id=appointment_id, actor=actor, reason=reason,
                                                   audited=True, request=request)


# --- users -------------------------------------------------------------------------------------

def _lock_admins_for(*, actor, capability: Capability):
    """Lock every admin row (in primary-key order, as accounts' role change does, so the two never
    deadlock) and re-check the actor on their locked row: an admin demoted or banned a moment ago
    by a concurrent request can't finish an operation they no longer hold the capability for.
    Returns the actor as they are now."""
    admins = list(admin_list().select_for_update())
    fresh = next((admin for admin in admins if admin.pk == actor.pk), None)
    if fresh is None or fresh.is_banned or not fresh.is_active or not has_capability(fresh, capability):
        raise Forbidden()
    return fresh


def _target(user_id: int):
    user = User.objects.select_for_update().filter(pk=user_id).first()
    if user is None:
        raise NotFound("No such user.")
    return user


def _guard_admin_target(*, target, actor) -> None:
    """Only an admin who may change roles (a super admin) acts on another admin: a moderator can't
    ban the super admins. `actor` is the locked, re-checked row, so of two super admins banning
    each other at the same moment the second finds themselves banned and is refused: a working
    super admin always remains."""
    if is_admin(target) and not has_capability(actor, Capability.USERS_ROLES):
        raise Forbidden("Only a super admin can do this to an admin.")


@transaction.atomic
def admin_user_ban(*, user_id: int, actor, reason: str, request=None):
    """Ban (and revoke every refresh token, in accounts' user_ban). Banning a banned user changes
    nothing and records nothing."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(ErrorCode.INVALID, "A reason is required.", 400, errors={"reason": ["Required."]})
    fresh_actor = _lock_admins_for(actor=actor, capability=Capability.USERS_BAN)
    user = _target(user_id)
    if user.pk == actor.pk:
        raise ApplicationError(AdminErrorCode.CANNOT_BAN_SELF, "You can't ban yourself.", 400)
    _guard_admin_target(target=user, actor=fresh_actor)
    if user.is_banned:
        return user
    return accounts.user_ban(user=user, actor=actor, reason=reason, request=request)


@transaction.atomic
def admin_user_unban(*, user_id: int, actor, reason: str = "", request=None):
    fresh_actor = _lock_admins_for(actor=actor, capability=Capability.USERS_BAN)
    user = _target(user_id)
    _guard_admin_target(target=user, actor=fresh_actor)
    if not user.is_banned:
        return user
    return accounts.user_unban(user=user, actor=actor, reason=reason, request=request)


@transaction.atomic
def admin_user_change_role(*, user_id: int, actor, role: str, admin_role: str = "", request=None):
    """accounts' role change (a new master gets a pending profile; the last super admin stays),
    by an actor who still holds users.roles when the admin rows are locked."""
    _lock_admins_for(actor=actor, capability=Capability.USERS_ROLES)
    user = _target(user_id)
    return accounts.user_change_role(user=user, actor=actor, role=role, admin_role=admin_role or "",
                                     request=request)


# --- system ------------------------------------------------------------------------------------

def admin_action_run(*, action: str, params: dict | None, actor, reason: str = "", request=None) -> dict:
    """Run one allowlisted maintenance action and record it (audit + platform event), whether it
    succeeded or not. `{action, ok, result, duration_ms}`."""
    spec = get_action(action)
    clean = spec.parse(params)
    clock = time.monotonic()
    try:
        outcome = spec.run(clean)
    except ApplicationError:
        raise
    except Exception as exc:  # the failure is the result: reported and audited, never a 500
        outcome = ActionResult(ok=False, result={"error": f"{exc.__class__.__name__}: {exc}"[:2000]})
    duration_ms = int((time.monotonic() - clock) * 1000)
    record = {"action": spec.name, "ok": outcome.ok, "result": outcome.result, "duration_ms": duration_ms}
    with transaction.atomic():
        events.action_run(actor=actor, record=record, params=clean, reason=reason, request=request)
    return record
