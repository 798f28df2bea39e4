"""The names of the accounts app: its platform events, audit actions and notification types
(registered in AccountsConfig.ready())."""

from enum import StrEnum


class AccountEvents(StrEnum):
    USER_REGISTERED = "user.registered"
    USER_LOGGED_IN = "user.logged_in"
    USER_LOGIN_FAILED = "user.login_failed"
    USER_LOGGED_OUT = "user.logged_out"
    USER_BANNED = "user.banned"
    USER_UNBANNED = "user.unbanned"
    USER_ROLE_CHANGED = "user.role_changed"
    USER_PROFILE_UPDATED = "user.profile_updated"
    MASTER_ACTIVATED = "master.activated"
    MASTER_SUSPENDED = "master.suspended"
    SETTINGS_CHANGED = "settings.changed"
    USER_PASSWORD_CHANGED = "user.password_changed"
    USER_PASSWORD_RESET = "user.password_reset"


class AccountAuditAction(StrEnum):
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
    PASSWORD_CHANGED = "user.password_changed"
    PASSWORD_RESET_REQUESTED = "user.password_reset_requested"
    PASSWORD_RESET = "user.password_reset"


class AccountErrorCode(StrEnum):
    INVALID_PASSWORD = "invalid_password"  # the current password is wrong
    RESET_LINK_INVALID = "reset_link_invalid"  # bad, used or expired reset link


class AccountNotification(StrEnum):
    MASTER_STATUS = "master_status"
    MASTER_PENDING = "master_pending"  # admins: a master waits for approval
