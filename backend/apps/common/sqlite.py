"""SQLite's LIKE folds case for ASCII letters only, so `icontains` would not find "Сантехник" when
searching "сантехник". For the embedded database we replace LIKE with a Unicode-aware version
(the same semantics PostgreSQL's ILIKE gives), registered on every new SQLite connection."""

import re
from functools import lru_cache

from django.db.backends.signals import connection_created


@lru_cache(maxsize=512)
def _compile(pattern: str, escape: str | None) -> re.Pattern:
    parts, i = [], 0
    while i < len(pattern):
        char = pattern[i]
        if escape and char == escape and i + 1 < len(pattern):
            parts.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        parts.append(".*" if char == "%" else "." if char == "_" else re.escape(char))
        i += 1
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def unicode_like(pattern, value, escape=None):
    if pattern is None or value is None:
        return None
    return 1 if _compile(str(pattern), escape).fullmatch(str(value)) else 0


def _register(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("like", 2, unicode_like, deterministic=True)
        connection.connection.create_function("like", 3, unicode_like, deterministic=True)


def install() -> None:
    connection_created.connect(_register, dispatch_uid="apps.common.sqlite.unicode_like")
