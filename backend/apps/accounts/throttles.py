"""Throttles of the auth endpoints.

Login throttling counts failures, not attempts: a user who types the right password is never
slowed down, a guesser is stopped after THROTTLE_LOGIN failures per username and address (and four
times that per address, whatever the usernames). The API login and the Django admin's login form
share it (`LoginGuard`)."""

import hashlib
import time

from django.core.cache import cache
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle, SimpleRateThrottle

from apps.common.net import client_ip


class IpScopedRateThrottle(ScopedRateThrottle):
    """Per-address throttling for anonymous endpoints (register, telegram, refresh)."""

    def get_ident(self, request):
        return client_ip(request)


class UserScopedRateThrottle(ScopedRateThrottle):
    """Per-user throttling (messages, uploads); falls back to the address for anonymous callers."""

    def get_cache_key(self, request, view):
        ident = request.user.pk if request.user and request.user.is_authenticated else client_ip(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class LoginGuard(SimpleRateThrottle):
    """Failed sign-ins per (username, address) and per address, as slots in the cache.

    A sign-in first *claims* one free slot of each counter (`cache.add`, atomic on Redis, LocMem
    and the database cache alike), and only then is the password checked. A wrong password keeps
    its slots until they expire (a sliding window of THROTTLE_LOGIN's period); a right one gives
    them back. So twelve guesses sent at once against a limit of five get five password checks,
    never more: a counter read before the check and written after it would let all twelve through.

    DRF's SimpleRateThrottle is used for its rate notation ("5/min") only."""

    scope = "login"
    ADDRESS_MULTIPLIER = 4

    def __init__(self, *, request, username: str) -> None:
        super().__init__()  # parses the rate into num_requests / duration
        ip = client_ip(request)
        digest = hashlib.sha256(f"{str(username).strip().lower()}|{ip}".encode()).hexdigest()
        self.counters = ((f"throttle:login:pair:{digest}", self.num_requests),
                         (f"throttle:login:ip:{ip}", self.num_requests * self.ADDRESS_MULTIPLIER))
        self._claimed: list[str] = []

    def get_rate(self) -> str:
        # read at call time: tests and operators change the rate without re-importing the class
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def claim(self) -> float | None:
        """Take a slot of every counter. Returns None when taken, else the seconds to wait (and
        holds nothing)."""
        now = time.time()
        for key, limit in self.counters:
            slots = [f"{key}:{i}" for i in range(limit)]
            taken = cache.get_many(slots)
            slot = next((s for s in slots if s not in taken and cache.add(s, now, self.duration)), None)
            if slot is None:
                self.release()
                stamps = [t for t in cache.get_many(slots).values() if isinstance(t, (int, float))]
                return max(1.0, (min(stamps) if stamps else now) + self.duration - now)
            self._claimed.append(slot)
        return None

    def failed(self) -> None:
        """The password was wrong: the claimed slots stay taken until they expire."""
        self._claimed = []

    def release(self) -> None:
        """The attempt was not a failed guess (e.g. a banned account): give the slots back."""
        cache.delete_many(self._claimed)
        self._claimed = []

    def succeeded(self) -> None:
        """The right password: this username's failures from this address are forgiven."""
        self.release()
        pair_key, limit = self.counters[0]
        cache.delete_many([f"{pair_key}:{i}" for i in range(limit)])
