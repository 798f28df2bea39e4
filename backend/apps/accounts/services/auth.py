"""Signing in and out: password and Telegram sign-in, refused attempts, logout."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.common.capabilities import Role
from apps.common.errors import ApplicationError, ErrorCode

from .. import events
from ..authentication import authenticate_password
from ..telegram import TelegramIdentity
from ..tokens import token_revoke

User = get_user_model()


@transaction.atomic
def login_failure_record(*, request, reason: str, method: str, username: str = "", user=None) -> None:
    """A refused sign-in, for the audit trail and the event log. Not the password, ever."""
    username = str(username or "")[:150]
    if user is None and username:
        user = User.objects.filter(username=username).first()
    events.login_failed(user=user, username=username, method=method, reason=reason, request=request)


def user_login(*, request, username: str, password: str):
    """The same answer for an unknown username and a wrong password (no enumeration); the ban
    is only revealed to someone who knows the password. Both outcomes are audited."""
    user = authenticate_password(request, username=username, password=password)
    if user is None:
        login_failure_record(request=request, reason=ErrorCode.INVALID_CREDENTIALS, method="password",
                             username=username)
        raise ApplicationError(ErrorCode.INVALID_CREDENTIALS, "Invalid username or password.", 401)
    if user.is_banned:
        login_failure_record(request=request, reason=ErrorCode.BANNED, method="password", user=user,
                             username=username)
        raise ApplicationError(ErrorCode.BANNED, "This account is banned.", 403)
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(last_login=timezone.now())
        events.user_logged_in(user, method="password", request=request)
    return user


def user_logout(*, raw_refresh: str | None, request=None) -> None:
    """Spend the refresh token; a logout that revoked a live token is recorded."""
    if not raw_refresh:
        return
    with transaction.atomic():
        user_id = token_revoke(raw_refresh=raw_refresh)
        user = User.objects.filter(pk=user_id).first() if user_id is not None else None
        if user is not None:
            events.user_logged_out(user, request=request)


def _telegram_username(identity: TelegramIdentity) -> str:
    base = f"tg_{identity.username or identity.id}"[:140]
    candidate, n = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}_{n}"
    return candidate


def telegram_login(*, identity: TelegramIdentity, request=None):
    """Find the user by Telegram id, or create a client on first login (race-safe)."""
    display = " ".join(p for p in (identity.first_name, identity.last_name) if p).strip()
    for _attempt in range(3):
        user = User.objects.filter(telegram_id=identity.id).first()
        if user is not None:
            break
        try:
            with transaction.atomic():
                user = User(
                    username=_telegram_username(identity), role=Role.CLIENT, telegram_id=identity.id,
                    first_name=identity.first_name, last_name=identity.last_name, display_name=display,
                )
                user.set_unusable_password()
                user.save()
                events.user_registered(user, method="telegram", request=request)
            break
        except IntegrityError:
            continue  # a concurrent first login created it (or took the username); look again
    else:
        raise ApplicationError(ErrorCode.CONFLICT, "Please try again.", 409)
    if user.is_banned:
        login_failure_record(request=request, reason=ErrorCode.BANNED, method="telegram", user=user,
                             username=user.username)
        raise ApplicationError(ErrorCode.BANNED, "This account is banned.", 403)
    changed = {
        "telegram_username": identity.username,
        "telegram_photo_url": identity.photo_url,
        "last_login": timezone.now(),
    }
    if not user.display_name and display:
        changed["display_name"] = display
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(**changed)
        events.user_logged_in(user, method="telegram", request=request)
    for key, value in changed.items():
        setattr(user, key, value)
    return user
