"""What account changes record: one function per kind of change, writing its platform event and
its audit entry together (in the caller's transaction). The actor is always passed: the user
themselves, the admin who acted, or None for nobody (a refused sign-in)."""

from apps.platform.audit.services import audit_record
from apps.platform.events.services import emit
from apps.platform.events.types import EventSpec

from .types import AccountAuditAction as A
from .types import AccountEvents as E

_REASON = {"reason": "the reason given (may be empty)"}

EVENT_TYPES = {
    E.USER_REGISTERED: EventSpec("An account was created.", {
        "role": "client, master or admin", "method": "password, telegram or bootstrap"}),
    E.USER_LOGGED_IN: EventSpec("Someone signed in.", {"method": "password or telegram"}),
    E.USER_LOGIN_FAILED: EventSpec("A sign-in was refused (never the password).", {
        "method": "password or telegram", "reason": "the refusal's error code", "username": "as typed"}),
    E.USER_LOGGED_OUT: EventSpec("Someone signed out (a live refresh token was revoked)."),
    E.USER_BANNED: EventSpec("An admin banned the subject user.", {**_REASON}),
    E.USER_UNBANNED: EventSpec("An admin lifted the subject user's ban.", {**_REASON}),
    E.USER_ROLE_CHANGED: EventSpec("An admin changed the subject user's role.", {
        "from": "{role, admin_role} before", "to": "{role, admin_role} after"}),
    E.USER_PROFILE_UPDATED: EventSpec("Users changed their own profile.", {"fields": "the fields that changed"}),
    E.MASTER_ACTIVATED: EventSpec("An admin activated a master (they see and take new requests).", {
        "status": "active", **_REASON}),
    E.MASTER_SUSPENDED: EventSpec("An admin suspended a master (no new requests).", {"status": "suspended", **_REASON}),
    E.SETTINGS_CHANGED: EventSpec("A super admin changed the site settings.", {"fields": "the fields that changed"}),
    E.USER_PASSWORD_CHANGED: EventSpec("Users changed their own password (other sessions signed out)."),
    E.USER_PASSWORD_RESET: EventSpec("A password was set from an emailed reset link (all sessions signed out)."),
}

AUDIT_DESCRIPTIONS = {
    A.LOGIN: "Signed in (password or Telegram).",
    A.LOGIN_FAILED: "A refused sign-in: the username as typed and why, never the password.",
    A.LOGOUT: "Signed out.",
    A.USER_REGISTERED: "Created an account.",
    A.ADMIN_BOOTSTRAPPED: "Created the first admin.",
    A.PROFILE_UPDATED: "Changed one's own profile (field diff).",
    A.USER_BANNED: "Banned a user (their refresh tokens revoked).",
    A.USER_UNBANNED: "Lifted a ban.",
    A.ROLE_CHANGED: "Changed a user's role or admin sub-role.",
    A.MASTER_ACTIVATED: "Activated a master.",
    A.MASTER_SUSPENDED: "Suspended a master.",
    A.SETTINGS_CHANGED: "Changed the site settings (field diff).",
    A.PASSWORD_CHANGED: "Changed one's own password (other sessions signed out).",
    A.PASSWORD_RESET_REQUESTED: "Someone asked for a password reset link for this account.",
    A.PASSWORD_RESET: "Set a new password from a reset link.",
}


def user_registered(user, *, method: str, request=None, bootstrap: bool = False) -> None:
    details = {"role": user.role, "method": method}
    emit(E.USER_REGISTERED, actor=user, subject=user, payload=details)
    audit_record(actor=user, action=A.ADMIN_BOOTSTRAPPED if bootstrap else A.USER_REGISTERED, target=user,
                 request=request, metadata=details)


def user_logged_in(user, *, method: str, request=None) -> None:
    emit(E.USER_LOGGED_IN, actor=user, subject=user, payload={"method": method})
    audit_record(actor=user, action=A.LOGIN, target=user, request=request, metadata={"method": method})


def login_failed(*, user, username: str, method: str, reason: str, request=None) -> None:
    """Nobody acted (the caller is not signed in); the subject is the account tried, if known."""
    details = {"method": method, "reason": str(reason), "username": username}
    emit(E.USER_LOGIN_FAILED, actor=None, subject=user, payload=details)
    audit_record(actor=None, action=A.LOGIN_FAILED, target=user, request=request, metadata=details)


def user_logged_out(user, *, request=None) -> None:
    emit(E.USER_LOGGED_OUT, actor=user, subject=user)
    audit_record(actor=user, action=A.LOGOUT, target=user, request=request)


def profile_updated(user, *, changes: dict, request=None) -> None:
    emit(E.USER_PROFILE_UPDATED, actor=user, subject=user, payload={"fields": sorted(changes)})
    audit_record(actor=user, action=A.PROFILE_UPDATED, target=user, changes=changes, request=request)


def user_banned(user, *, actor, reason: str, changes: dict, tokens_revoked: int, request=None) -> None:
    emit(E.USER_BANNED, actor=actor, subject=user, payload={"reason": reason})
    audit_record(actor=actor, action=A.USER_BANNED, target=user, changes=changes, reason=reason, request=request,
                 metadata={"refresh_tokens_revoked": tokens_revoked})


def user_unbanned(user, *, actor, reason: str, changes: dict, request=None) -> None:
    emit(E.USER_UNBANNED, actor=actor, subject=user, payload={"reason": reason} if reason else None)
    audit_record(actor=actor, action=A.USER_UNBANNED, target=user, changes=changes, request=request, reason=reason)


def role_changed(user, *, actor, before: dict, changes: dict, request=None) -> None:
    emit(E.USER_ROLE_CHANGED, actor=actor, subject=user,
         payload={"from": before, "to": {"role": user.role, "admin_role": user.admin_role}})
    audit_record(actor=actor, action=A.ROLE_CHANGED, target=user, changes=changes, request=request)


def master_status_changed(profile, *, actor, active: bool, reason: str, changes: dict, request=None) -> None:
    emit(E.MASTER_ACTIVATED if active else E.MASTER_SUSPENDED, actor=actor, subject=profile.user,
         payload={"status": profile.status, "reason": reason})
    audit_record(actor=actor, action=A.MASTER_ACTIVATED if active else A.MASTER_SUSPENDED, target=profile.user,
                 changes=changes, reason=reason, request=request)


def settings_changed(row, *, actor, changes: dict, request=None) -> None:
    emit(E.SETTINGS_CHANGED, actor=actor, subject=row, payload={"fields": sorted(changes)})
    audit_record(actor=actor, action=A.SETTINGS_CHANGED, target=row, changes=changes, request=request)


def password_changed(user, *, tokens_revoked: int, request=None) -> None:
    emit(E.USER_PASSWORD_CHANGED, actor=user, subject=user)
    audit_record(actor=user, action=A.PASSWORD_CHANGED, target=user, request=request,
                 metadata={"refresh_tokens_revoked": tokens_revoked})


def password_reset_requested(user, *, sent: bool, request=None) -> None:
    """Nobody is signed in: the actor is None; the subject is the account the address belongs to."""
    audit_record(actor=None, action=A.PASSWORD_RESET_REQUESTED, target=user, request=request, metadata={"sent": sent})


def password_reset(user, *, tokens_revoked: int, request=None) -> None:
    emit(E.USER_PASSWORD_RESET, actor=user, subject=user)
    audit_record(actor=user, action=A.PASSWORD_RESET, target=user, request=request,
                 metadata={"refresh_tokens_revoked": tokens_revoked})
