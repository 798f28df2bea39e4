"""The registry of event types. The platform lists no domain's events: each app names its own in a
StrEnum and registers them, with what their payload holds, from `AppConfig.ready()`:

    register_event_types({
        ChatEvents.MESSAGE_SENT: EventSpec("A message was posted.", {"message_id": "...", ...}),
    }, owner="chat")

`emit()` refuses a type nobody registered and payload keys its description doesn't name (both are
programming errors, caught by the tests), so the descriptions stay true; the admin event log and
the rule engine read them from here."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from apps.common.registry import Entry, Registry, Unregistered

EVENT_TYPES = Registry("event type")


@dataclass(frozen=True)
class EventSpec:
    description: str
    # Payload field -> what it holds. Every key an emitter writes is named here.
    payload: Mapping[str, str] = field(default_factory=dict)


class PlatformEvents(StrEnum):
    """The platform's own events."""

    FLAG_CHANGED = "flag.changed"


PLATFORM_EVENT_TYPES = {
    PlatformEvents.FLAG_CHANGED: EventSpec("A feature flag was created, changed or deleted.", {
        "key": "the flag's key", "action": "the audit action (flag.created, flag.updated, flag.deleted)",
        "fields": "the names of the fields that changed",
    }),
}


def register_event_types(specs: Mapping[StrEnum | str, EventSpec], *, owner: str) -> None:
    for name, spec in specs.items():
        EVENT_TYPES.register(str(name), owner=owner, description=spec.description, payload=dict(spec.payload))


def event_type(name: StrEnum | str) -> Entry:
    """The registered type `name`; `Unregistered` (a LookupError) if nobody registered it."""
    return EVENT_TYPES.get(str(name))


def check_payload(name: StrEnum | str, payload: Mapping) -> None:
    """Refuse payload keys the type's description doesn't name."""
    described = event_type(name).extra.get("payload", {})
    undescribed = sorted(set(payload) - set(described))
    if undescribed:
        raise Unregistered(f"Payload keys {undescribed} of event {name!r} are not in its description; "
                           "add them where the type is registered.")


def event_type_names() -> list[str]:
    return EVENT_TYPES.names()
