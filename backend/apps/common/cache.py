"""The Redis cache, but an outage of Redis is a cache miss rather than a 500.

Everything the cache holds here can be lost (throttle counters, the flag and settings caches,
the token denylist's entries, probes), so while Redis is down reads answer their default and
writes are dropped, each logged. The sign-in limiter claims its slots with `add`, which answers
False during an outage: signing in is refused with 429 until Redis is back, never unthrottled.
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _guarded(name: str, fallback):
    method = getattr(RedisCache, name)

    def guarded(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except RedisError as exc:
            logger.warning("cache %s failed, Redis unavailable: %s", name, exc)
            return fallback(*args, **kwargs)

    guarded.__name__ = name
    guarded.__doc__ = method.__doc__
    return guarded


def _default(key, default=None, *args, **kwargs):
    return default


class ResilientRedisCache(RedisCache):
    get = _guarded("get", _default)
    get_many = _guarded("get_many", lambda keys, *a, **k: {})
    has_key = _guarded("has_key", lambda *a, **k: False)
    add = _guarded("add", lambda *a, **k: False)
    set = _guarded("set", lambda *a, **k: None)
    set_many = _guarded("set_many", lambda data, *a, **k: list(data))
    touch = _guarded("touch", lambda *a, **k: False)
    delete = _guarded("delete", lambda *a, **k: False)
    delete_many = _guarded("delete_many", lambda *a, **k: None)
