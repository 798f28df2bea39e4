"""Passwords people can keep: change one's own, and reset a forgotten one through a one-use link
sent by email (Django's `PasswordResetTokenGenerator`: the token is bound to the password hash and
the last login, so it dies once used, and expires after PASSWORD_RESET_TIMEOUT). Every change
revokes the account's refresh tokens (accounts/tokens.py)."""

import logging
import smtplib
from urllib.parse import urlencode

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import translation
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from apps.common.errors import ApplicationError, ErrorCode
from apps.common.formats import counted, language_of

from . import events
from .models import SiteSettings
from .tokens import TokenPair, tokens_issue, tokens_revoke_all
from .types import AccountErrorCode

logger = logging.getLogger(__name__)
User = get_user_model()

RESET_PATH = "/reset-password"


def password_reset_enabled() -> bool:
    """Reset links go out by email, so resetting needs a configured mail server."""
    return bool(settings.EMAIL_ENABLED)


def _validate_new_password(password: str, user) -> None:
    with translation.override(language_of(user.language)):
        try:
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            raise ApplicationError(ErrorCode.INVALID, " ".join(exc.messages), 400,
                                   errors={"new_password": list(exc.messages)}) from None


def _set_password(user, password: str) -> int:
    user.set_password(password)
    user.save(update_fields=["password"])
    return tokens_revoke_all(user=user)


@transaction.atomic
def password_change(*, user, current_password: str, new_password: str, request=None) -> TokenPair:
    """Change the caller's password. Every refresh token of the account is revoked (other devices
    are signed out) and a fresh pair is issued for the session that asked."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.has_usable_password() or not user.check_password(current_password):
        raise ApplicationError(AccountErrorCode.INVALID_PASSWORD, "The current password is wrong.", 400,
                               errors={"current_password": ["The current password is wrong."]})
    _validate_new_password(new_password, user)
    revoked = _set_password(user, new_password)
    events.password_changed(user, tokens_revoked=revoked, request=request)
    return tokens_issue(user=user)


def site_origin(request=None) -> str:
    """Where the site is opened: SITE_URL, else the scheme and host of the request."""
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return "http://127.0.0.1:8000"


def reset_link(user, origin: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return f"{origin.rstrip('/')}{RESET_PATH}?{urlencode({'uid': uid, 'token': token})}"


def _resettable(email: str):
    """The accounts an address may reset: active, not banned, with a password (as Django's own
    PasswordResetForm: Telegram-only accounts have none to reset)."""
    return [u for u in User.objects.filter(email__iexact=email, is_active=True, is_banned=False)
            if u.has_usable_password()]


def password_reset_request(*, email: str, request=None) -> None:
    """Send a reset link to every account of `email`. Answers the same whether or not the address
    is known (no enumeration): the email itself goes out from the job worker, after commit, so the
    caller's response time does not depend on it."""
    email = (email or "").strip()
    users = _resettable(email) if email else []
    if not users:
        return
    origin = site_origin(request)
    with transaction.atomic():
        for user in users:
            events.password_reset_requested(user, sent=password_reset_enabled(), request=request)
            if password_reset_enabled():
                transaction.on_commit(lambda user_id=user.pk: _queue_reset_email(user_id, origin))


def _queue_reset_email(user_id: int, origin: str) -> None:
    try:
        send_password_reset_email.delay(user_id, origin)
    except Exception:  # broker down or the mail server failed under eager tasks: never a 500
        logger.exception("Could not send the password reset email for user #%s", user_id)


def _reset_email_texts(language: str, *, site: str, name: str, link: str) -> tuple[str, str]:
    minutes = max(1, settings.PASSWORD_RESET_TIMEOUT // 60)
    if minutes % 60 == 0:
        hours = minutes // 60
        valid = counted(language, hours, {"ru": {"one": "час", "few": "часа", "many": "часов", "other": "часа"},
                                          "en": {"one": "hour", "other": "hours"}}[language])
    else:
        valid = counted(language, minutes, {"ru": {"one": "минуту", "few": "минуты", "many": "минут",
                                                   "other": "минуты"},
                                            "en": {"one": "minute", "other": "minutes"}}[language])
    if language == "ru":
        return (f"Сброс пароля — {site}",
                f"Здравствуйте, {name}!\n\nЧтобы задать новый пароль, откройте ссылку:\n{link}\n\n"
                f"Ссылка действует {valid} и подходит один раз. Если вы не просили сбросить пароль, просто "
                f"не обращайте внимания на это письмо: пароль останется прежним.\n\n{site}")
    return (f"Reset your password — {site}",
            f"Hello {name},\n\nTo choose a new password, open this link:\n{link}\n\n"
            f"The link works once and for {valid}. If you did not ask to reset your password, ignore this "
            f"email: your password stays as it is.\n\n{site}")


@shared_task(name="accounts.send_password_reset_email", ignore_result=True,
             autoretry_for=(smtplib.SMTPException, OSError), retry_backoff=30, max_retries=3)
def send_password_reset_email(user_id: int, origin: str) -> bool:
    """Mail a fresh reset link (made here, so no token waits in the job queue)."""
    user = User.objects.filter(pk=user_id, is_active=True, is_banned=False).first()
    if user is None or not user.email or not user.has_usable_password() or not password_reset_enabled():
        return False
    language = language_of(user.language)
    subject, body = _reset_email_texts(language, site=SiteSettings.load().site_name, name=user.public_name,
                                       link=reset_link(user, origin))
    EmailMessage(subject=subject, body=body, to=[user.email]).send(fail_silently=False)
    return True


def _user_of(uid: str):
    try:
        pk = force_str(urlsafe_base64_decode(str(uid or "")))
        return User.objects.filter(pk=int(pk), is_active=True).first()
    except (ValueError, TypeError, OverflowError):
        return None


@transaction.atomic
def password_reset_confirm(*, uid: str, token: str, new_password: str, request=None) -> None:
    """Set a new password from a reset link. A bad, used or expired link -> 400 reset_link_invalid;
    every refresh token of the account is revoked."""
    user = _user_of(uid)
    if user is not None:
        user = User.objects.select_for_update().get(pk=user.pk)
    if user is None or user.is_banned or not default_token_generator.check_token(user, str(token or "")):
        raise ApplicationError(AccountErrorCode.RESET_LINK_INVALID,
                               "This password reset link is invalid, used or expired. Ask for a new one.", 400)
    _validate_new_password(new_password, user)
    revoked = _set_password(user, new_password)
    events.password_reset(user, tokens_revoked=revoked, request=request)
