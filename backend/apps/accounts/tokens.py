"""Refresh-token rotation that stays correct under races: a refresh token is spent by inserting
its blacklist row, and the unique constraint on that row lets exactly one caller win."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken, UntypedToken

from apps.common.errors import ApplicationError, ErrorCode


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str


def _invalid(message: str = "Refresh token is invalid or expired.", code: str = ErrorCode.TOKEN_INVALID):
    return ApplicationError(code, message, 401)


def tokens_issue(*, user) -> TokenPair:
    refresh = RefreshToken.for_user(user)
    return TokenPair(access=str(refresh.access_token), refresh=str(refresh))


def _parse(raw: object) -> UntypedToken:
    """Signature, expiry and type; the blacklist is checked atomically by the caller."""
    if not raw or not isinstance(raw, str) or len(raw) > 4096:
        raise ApplicationError(ErrorCode.REFRESH_MISSING, "No refresh token.", 401)
    try:
        token = UntypedToken(raw)
    except TokenError:
        raise _invalid() from None
    if token.get(jwt_settings.TOKEN_TYPE_CLAIM) != "refresh" or not token.get(jwt_settings.JTI_CLAIM):
        raise _invalid()
    return token


def tokens_refresh(*, raw_refresh: object) -> tuple[TokenPair, object]:
    """Spend `raw_refresh` and return a new pair. A token already spent -> 401 token_reused."""
    token = _parse(raw_refresh)
    user = get_user_model().objects.filter(pk=token.get(jwt_settings.USER_ID_CLAIM)).first()
    if user is None or not user.is_active:
        raise _invalid()
    if user.is_banned:
        raise ApplicationError(ErrorCode.BANNED, "This account is banned.", 403)
    with transaction.atomic():
        outstanding = OutstandingToken.objects.filter(jti=token[jwt_settings.JTI_CLAIM]).first()
        if outstanding is None:
            raise _invalid()
        try:
            with transaction.atomic():
                BlacklistedToken.objects.create(token=outstanding)
        except IntegrityError:
            raise _invalid("Refresh token was already used.", ErrorCode.TOKEN_REUSED) from None
        pair = tokens_issue(user=user)
    return pair, user


def token_revoke(*, raw_refresh: str) -> int | None:
    """Logout: spend the token if it is one of ours; anything else is simply ignored. Returns the
    id of the user whose live token was revoked, None when nothing was."""
    try:
        token = _parse(raw_refresh)
    except ApplicationError:
        return None
    outstanding = OutstandingToken.objects.filter(jti=token[jwt_settings.JTI_CLAIM]).first()
    if outstanding is None:
        return None
    _blacklisted, created = BlacklistedToken.objects.get_or_create(token=outstanding)
    return outstanding.user_id if created else None


def tokens_revoke_all(*, user) -> int:
    """Blacklist every live refresh token of `user` (ban, password change). Returns how many."""
    live = OutstandingToken.objects.filter(user=user, expires_at__gt=timezone.now()).exclude(
        blacklistedtoken__isnull=False
    )
    rows = [BlacklistedToken(token=t) for t in live]
    BlacklistedToken.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
