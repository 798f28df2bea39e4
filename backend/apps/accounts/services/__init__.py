"""Writes of the accounts app, one module per topic. Every function is keyword-only and
transactional. Callers may import from the topic module or from here (the names below)."""

from .auth import login_failure_record, telegram_login, user_login, user_logout
from .moderation import master_set_status, user_ban, user_change_role, user_unban
from .profile import user_update_profile
from .registration import bootstrap_admin, needs_bootstrap, user_register
from .site_settings import site_settings_update

__all__ = [
    "bootstrap_admin", "login_failure_record", "master_set_status", "needs_bootstrap", "site_settings_update",
    "telegram_login", "user_ban", "user_change_role", "user_login", "user_logout", "user_register", "user_unban",
    "user_update_profile",
]
