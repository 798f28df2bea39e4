"""Login throttling counts failures, not attempts: a user who types the right password is never
slowed down, a guesser is stopped after THROTTLE_LOGIN failures per username and address."""

import hashlib
import time

from django.core.cache import cache
from rest_framework.throttling import ScopedRateThrottle

from apps.common.net import client_ip


def parse_rate(rate: str) -> tuple[int, int]:
    """"5/min" -> (5, 60), the same notation as DRF's throttle rates."""
    count, period = rate.split("/")
    return int(count), {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[0]]


class IpScopedRateThrottle(ScopedRateThrottle):
    """Per-address throttling for anonymous endpoints (register, telegram, refresh)."""

    def get_ident(self, request):
        return client_ip(request)


class UserScopedRateThrottle(ScopedRateThrottle):
    """Per-user throttling (messages, uploads); falls back to the address for anonymous callers."""

    def get_cache_key(self, request, view):
        ident = request.user.pk if request.user and request.user.is_authenticated else client_ip(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class LoginFailures:
    """A sliding window of failed logins per (username, address) and per address."""

    scope = "login"
    # One address may fail for many usernames, but not without bound.
    ADDRESS_MULTIPLIER = 4

    def __init__(self, request, username: str) -> None:
        self.num_requests, self.duration = parse_rate(self._rate())
        ip = client_ip(request)
        digest = hashlib.sha256(f"{username.strip().lower()}|{ip}".encode()).hexdigest()
        self.pair_key = f"throttle:login:pair:{digest}"
        self.address_key = f"throttle:login:ip:{ip}"

    def _rate(self) -> str:
        from rest_framework.settings import api_settings

        return api_settings.DEFAULT_THROTTLE_RATES["login"]

    def _recent(self, key: str, now: float) -> list[float]:
        return [t for t in cache.get(key, []) if t > now - self.duration]

    def wait(self) -> float | None:
        """Seconds to wait before another attempt is allowed, or None."""
        now = time.time()
        waits = []
        for key, limit in ((self.pair_key, self.num_requests),
                           (self.address_key, self.num_requests * self.ADDRESS_MULTIPLIER)):
            history = self._recent(key, now)
            if len(history) >= limit:
                waits.append(history[-limit] + self.duration - now)
        return max(waits) if waits else None

    def record_failure(self) -> None:
        now = time.time()
        for key in (self.pair_key, self.address_key):
            cache.set(key, [*self._recent(key, now), now], self.duration)

    def reset(self) -> None:
        cache.delete(self.pair_key)
