"""Audited actions. `audit_record(action=...)` takes any string; these are the ones the platform
and the accounts app record, so filters and the admin UI can rely on their names."""

from enum import StrEnum


class AuditAction(StrEnum):
    LOGIN = "auth.login"
    LOGIN_FAILED = "auth.login_failed"
    LOGOUT = "auth.logout"
    USER_REGISTERED = "user.registered"
    ADMIN_BOOTSTRAPPED = "user.admin_bootstrapped"
    PROFILE_UPDATED = "user.profile_updated"
    USER_BANNED = "user.banned"
    USER_UNBANNED = "user.unbanned"
    ROLE_CHANGED = "user.role_changed"
    MASTER_ACTIVATED = "master.activated"
    MASTER_SUSPENDED = "master.suspended"
    SETTINGS_CHANGED = "settings.changed"
    FLAG_CREATED = "flag.created"
    FLAG_UPDATED = "flag.updated"
    FLAG_DELETED = "flag.deleted"
