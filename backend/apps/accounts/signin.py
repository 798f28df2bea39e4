"""Sign-in flows behind the auth endpoints (the views only parse and answer): the password login
under its failure limit, the Telegram login with its refused attempts audited, and the Django
admin's login form, which shares the limit and the audit entries with the API."""

import math

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import get_language

from apps.common.errors import ApplicationError, ErrorCode

from . import services, telegram
from .authentication import authenticate_password
from .throttles import LoginGuard
from .tokens import access_token_revoke


def _throttled(wait: float) -> ApplicationError:
    return ApplicationError(ErrorCode.THROTTLED, "Too many failed attempts. Try again later.", 429,
                            retry_after=max(1, math.ceil(wait)))


def password_sign_in(*, request, username: str, password: str):
    """The user, or 401/403/429. A failure slot is claimed before the password is checked (see
    LoginGuard), so parallel guesses can't get more checks than the limit."""
    guard = LoginGuard(request=request, username=username)
    wait = guard.claim()
    if wait is not None:
        raise _throttled(wait)
    try:
        user = services.user_login(request=request, username=username, password=password)
    except ApplicationError as exc:
        guard.failed() if exc.code == ErrorCode.INVALID_CREDENTIALS else guard.release()
        raise
    except BaseException:
        guard.release()
        raise
    guard.succeeded()
    return user


def telegram_sign_in(*, request, data):
    """Verify the Login Widget fields or the Mini App's `init_data`, then sign the user in (first
    login creates a client). A refused verification is audited as a failed login."""
    if not isinstance(data, dict):
        raise ApplicationError(ErrorCode.INVALID, "Expected a JSON object.", 400)
    try:
        if "init_data" in data:
            identity = telegram.verify_init_data(data["init_data"])
        else:
            identity = telegram.verify_login_widget(dict(data.items()))
    except ApplicationError as exc:
        services.login_failure_record(request=request, reason=exc.code, method="telegram")
        raise
    return services.telegram_login(identity=identity, request=request)


def sign_out(*, request, raw_refresh: str | None, raw_access: str | None = None) -> None:
    """Logout: the refresh token's session is revoked (its access tokens too, see tokens.py), and
    a bearer token sent along is denied by its jti."""
    services.user_logout(raw_refresh=raw_refresh, request=request)
    access_token_revoke(raw_access=raw_access)


_ADMIN_MESSAGES = {
    "throttled": {"ru": "Слишком много неудачных попыток входа. Повторите через %(seconds)s с.",
                  "en": "Too many failed sign-in attempts. Try again in %(seconds)s s."},
    "banned": {"ru": "Эта учётная запись заблокирована.", "en": "This account is banned."},
}


def _admin_message(key: str) -> str:
    return _ADMIN_MESSAGES[key]["ru" if (get_language() or "ru").startswith("ru") else "en"]


class AdminLoginForm(AdminAuthenticationForm):
    """/django-admin/login/ under the API's failure limit (per username and address) and with the
    same audit entries (`login_failed`, method `django_admin`). Banned accounts are refused."""

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is None or not password:
            return self.cleaned_data
        guard = LoginGuard(request=self.request, username=username)
        wait = guard.claim()
        if wait is not None:
            raise forms.ValidationError(_admin_message("throttled"), code="throttled",
                                        params={"seconds": max(1, math.ceil(wait))})
        try:
            user = authenticate_password(self.request, username=username, password=password)
        except BaseException:
            guard.release()
            raise
        if user is None:
            guard.failed()
            services.login_failure_record(request=self.request, reason=ErrorCode.INVALID_CREDENTIALS,
                                          method="django_admin", username=username)
            raise self.get_invalid_login_error()
        if user.is_banned:
            guard.release()
            services.login_failure_record(request=self.request, reason=ErrorCode.BANNED, method="django_admin",
                                          username=username, user=user)
            raise forms.ValidationError(_admin_message("banned"), code="banned")
        guard.succeeded()
        self.user_cache = user
        self.confirm_login_allowed(user)  # active staff only, as Django's admin requires
        return self.cleaned_data
