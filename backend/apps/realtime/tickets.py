"""Websocket tickets: a browser's websocket can't send the bearer header, so an authenticated
call gets a one-time ticket (signed, 60 s) to put in the socket's URL.

The signature (django.core.signing with a salt of its own) says who and since when; the `jti` is
spent in the shared cache with `add()` (atomic: the database cache without Redis, Redis with it),
so one ticket opens one socket, whichever process redeems it."""

import secrets

from django.conf import settings
from django.core import signing
from django.core.cache import cache

SALT = "apps.realtime.ticket"
_SPENT_PREFIX = "realtime:ticket:"


def ticket_issue(*, user) -> str:
    return signing.dumps({"u": user.pk, "j": secrets.token_urlsafe(16)}, salt=SALT, compress=False)


def ticket_redeem(*, ticket: str) -> int | None:
    """The user id the ticket was issued to, once; None for a forged, expired or spent ticket."""
    max_age = settings.REALTIME_TICKET_SECONDS
    try:
        claims = signing.loads(ticket, salt=SALT, max_age=max_age)
        user_id, jti = int(claims["u"]), str(claims["j"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    # Kept a little longer than the ticket lives, so a spent ticket can't come back before it expires.
    if not cache.add(_SPENT_PREFIX + jti, user_id, timeout=max_age + 10):
        return None
    return user_id
