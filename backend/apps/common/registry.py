"""Named vocabularies that apps contribute to (event types, notification types, audit actions,
error codes). The layer that uses a name (the platform, the exception handler) doesn't list the
names of the domains: each app registers its own from `AppConfig.ready()`, and using a name
nobody registered is a programming error (`Unregistered`), which the test suite catches."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.core.exceptions import ImproperlyConfigured


class Unregistered(LookupError):
    """A name was used that no app registered: a bug in the caller, never a user's mistake."""


@dataclass(frozen=True)
class Entry:
    name: str
    owner: str  # the app label that registered it
    description: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


class Registry:
    """Names in registration order. The same owner may register a name again (it replaces the
    entry: `ready()` may run twice in tests); another owner may not take it."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._entries: dict[str, Entry] = {}

    def register(self, name: str, *, owner: str, description: str = "", **extra: Any) -> Entry:
        name = str(name)
        if not name:
            raise ImproperlyConfigured(f"A {self.kind} needs a name.")
        existing = self._entries.get(name)
        if existing is not None and existing.owner != owner:
            raise ImproperlyConfigured(f"{self.kind} {name!r} is registered by {existing.owner!r}; "
                                       f"{owner!r} can't register it again.")
        entry = Entry(name=name, owner=owner, description=description, extra=dict(extra))
        self._entries[name] = entry
        return entry

    def register_enum(self, names: type[StrEnum], *, owner: str, descriptions: dict | None = None) -> None:
        """Every member of `names`; `descriptions` maps a member to its text (optional)."""
        descriptions = descriptions or {}
        for member in names:
            self.register(member.value, owner=owner, description=str(descriptions.get(member, "")))

    def unregister(self, name: str) -> None:
        """For tests that register a throwaway name."""
        self._entries.pop(str(name), None)

    def get(self, name: str) -> Entry:
        entry = self._entries.get(str(name))
        if entry is None:
            raise Unregistered(f"Unregistered {self.kind}: {name!r}. Register it in its app's AppConfig.ready().")
        return entry

    def __contains__(self, name: object) -> bool:
        return str(name) in self._entries

    def __iter__(self) -> Iterator[Entry]:
        return iter(list(self._entries.values()))

    def names(self) -> list[str]:
        return list(self._entries)

    def owned_by(self, owner: str) -> list[Entry]:
        return [entry for entry in self._entries.values() if entry.owner == owner]

    def missing(self, names: Iterable[str]) -> list[str]:
        """Those of `names` nobody registered (for checks over handlers and tables)."""
        return sorted({str(n) for n in names} - set(self._entries))
