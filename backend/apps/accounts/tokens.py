"""Tokens of a sign-in session (docs/decisions/0002-auth-jwt-cookie.md).

- Rotation stays correct under races: a refresh token is spent by inserting its blacklist row,
  and the unique constraint on that row lets exactly one caller win.
- Every token of one sign-in carries the same family id (claim `fam`: the jti of the sign-in's
  first refresh token; access tokens copy it). A spent refresh token presented again is theft or
  a bug, so the whole family is revoked: every refresh token of it, and its access tokens through
  the cache denylist. The one exception is the legitimate race of two tabs refreshing with the
  same cookie at once: within REFRESH_REUSE_GRACE_SECONDS of the spend the loser gets 401 and the
  family lives on (the winner's cookie is already in the shared jar).
- Logout revokes its family the same way, so the access token in the tab stops working too;
  a bearer token presented with the logout is denied by its own `jti` as well.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken, UntypedToken

from apps.common.errors import ApplicationError, ErrorCode

logger = logging.getLogger(__name__)

FAMILY_CLAIM = "fam"
_DENY_JTI = "jwt:deny:jti:{}"
_DENY_FAMILY = "jwt:deny:fam:{}"


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str


class RefreshReused(ApplicationError):
    """A spent refresh token came back. `family_revoked` tells whether it was theft (the family is
    gone, clear the cookie) or the two-tab race inside the grace window (keep the cookie)."""

    def __init__(self, *, family_revoked: bool) -> None:
        super().__init__(ErrorCode.TOKEN_REUSED, "Refresh token was already used.", 401)
        self.family_revoked = family_revoked


def _invalid(message: str = "Refresh token is invalid or expired.", code: str = ErrorCode.TOKEN_INVALID):
    return ApplicationError(code, message, 401)


def _jti(token) -> str:
    return token[jwt_settings.JTI_CLAIM]


def family_of(token) -> str:
    """The family of a parsed token; a token from before families is its own family."""
    return str(token.get(FAMILY_CLAIM) or token.get(jwt_settings.JTI_CLAIM))


def tokens_issue(*, user, family: str | None = None) -> TokenPair:
    """A new pair; `family` continues a session (rotation), None starts one (a sign-in)."""
    refresh = RefreshToken.for_user(user)
    refresh[FAMILY_CLAIM] = family or _jti(refresh)
    # The outstanding row was written before the claim was set; it stores the token as issued.
    OutstandingToken.objects.filter(jti=_jti(refresh)).update(token=str(refresh))
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


def _grace() -> timedelta:
    return timedelta(seconds=settings.REFRESH_REUSE_GRACE_SECONDS)


def tokens_refresh(*, raw_refresh: object) -> tuple[TokenPair, object]:
    """Spend `raw_refresh` and return a new pair of the same family. A token already spent ->
    401 token_reused (RefreshReused), and outside the grace window its family is revoked."""
    token = _parse(raw_refresh)
    user = get_user_model().objects.filter(pk=token.get(jwt_settings.USER_ID_CLAIM)).first()
    if user is None or not user.is_active:
        raise _invalid()
    if user.is_banned:
        raise ApplicationError(ErrorCode.BANNED, "This account is banned.", 403)
    family = family_of(token)
    with transaction.atomic():
        outstanding = OutstandingToken.objects.filter(jti=_jti(token)).first()
        if outstanding is None:
            raise _invalid()
        try:
            with transaction.atomic():
                BlacklistedToken.objects.create(token=outstanding)
        except IntegrityError:
            spent = BlacklistedToken.objects.filter(token=outstanding).first()
            racing = spent is not None and spent.blacklisted_at >= timezone.now() - _grace()
        else:
            return tokens_issue(user=user, family=family), user
    # Reuse. Revoked in its own transaction: the failed spend above must not roll it back.
    if not racing:
        family_revoke(user_id=user.pk, family=family)
    raise RefreshReused(family_revoked=not racing)


def _family_members(*, user_id, family: str) -> list[OutstandingToken]:
    live = OutstandingToken.objects.filter(user_id=user_id, expires_at__gt=timezone.now(),
                                           blacklistedtoken__isnull=True)
    members = []
    for outstanding in live:
        try:
            claims = UntypedToken(outstanding.token, verify=False)  # our own stored token
        except TokenError:
            continue
        if family_of(claims) == family:
            members.append(outstanding)
    return members


@transaction.atomic
def family_revoke(*, user_id, family: str) -> int:
    """Blacklist every live refresh token of the family and deny its access tokens until the
    longest of them expires. Returns how many refresh tokens were live."""
    members = _family_members(user_id=user_id, family=family)
    BlacklistedToken.objects.bulk_create([BlacklistedToken(token=t) for t in members], ignore_conflicts=True)
    # Denied at once, not after commit: a rolled-back revocation only over-denies a session that
    # was being revoked anyway.
    cache.set(_DENY_FAMILY.format(family), 1, int(jwt_settings.ACCESS_TOKEN_LIFETIME.total_seconds()) + 5)
    return len(members)


def token_revoke(*, raw_refresh: str) -> int | None:
    """Logout: revoke the session (the refresh token's family, access tokens included) if the token
    is one of ours and still live; anything else is simply ignored. Returns the id of the user
    whose live session was revoked, None when nothing was."""
    try:
        token = _parse(raw_refresh)
    except ApplicationError:
        return None
    outstanding = OutstandingToken.objects.filter(jti=_jti(token)).first()
    if outstanding is None:
        return None
    _blacklisted, created = BlacklistedToken.objects.get_or_create(token=outstanding)
    if not created:
        return None
    family_revoke(user_id=outstanding.user_id, family=family_of(token))
    return outstanding.user_id


def access_token_revoke(*, raw_access: object) -> bool:
    """Deny one access token (by `jti`) until it expires. Ignores anything that isn't a valid one."""
    if not raw_access or not isinstance(raw_access, str) or len(raw_access) > 4096:
        return False
    try:
        token = AccessToken(raw_access)
    except TokenError:
        return False
    remaining = int(token["exp"] - timezone.now().timestamp())
    if remaining > 0:
        cache.set(_DENY_JTI.format(_jti(token)), 1, remaining + 5)
    return True


def access_token_denied(validated_token) -> bool:
    """Whether a signature-checked access token was revoked (logout, reuse of its family). With the
    cache unreachable this answers False (and logs): an outage must not refuse every request, and
    the revoked session's refresh tokens stay revoked in the database; the access token lives at
    most ACCESS_TOKEN_MINUTES."""
    keys = [_DENY_JTI.format(validated_token.get(jwt_settings.JTI_CLAIM))]
    if validated_token.get(FAMILY_CLAIM):
        keys.append(_DENY_FAMILY.format(validated_token[FAMILY_CLAIM]))
    try:
        return bool(cache.get_many(keys))
    except Exception:  # the cache backend's own connection errors, whichever backend it is
        logger.warning("Access-token denylist unreadable (cache down); token accepted", exc_info=True)
        return False


def tokens_revoke_all(*, user) -> int:
    """Blacklist every live refresh token of `user` (ban, password change). Returns how many."""
    live = OutstandingToken.objects.filter(user=user, expires_at__gt=timezone.now()).exclude(
        blacklistedtoken__isnull=False
    )
    rows = [BlacklistedToken(token=t) for t in live]
    BlacklistedToken.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
