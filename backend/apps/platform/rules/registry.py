"""What rules can read and do, registered by the domains from `AppConfig.ready()` (the platform
lists none of them):

    register_rule_fields([FieldSpec("appointment.price", FieldType.NUMBER, "Price"), ...],
                         owner="appointments", loader=load_appointment_facts)
    register_rule_action(ActionSpec("tag", "Tag the appointment", (ParamSpec("tag"),), run=tag_action),
                         owner="appointments")
    register_duration_source(statuses=[...], finder=appointments_in_status, owner="appointments")

A loader is BULK: given the targets of one evaluation (one event, or every appointment a sweep
found) it returns one `{field: value}` per target, in order, with a fixed number of queries. The
catalog endpoint and validation read these same tables."""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from apps.common.registry import Registry, Unregistered

from .grammar import OPS, FieldInfo, FieldType


@dataclass(frozen=True)
class Target:
    """What one rule evaluation is about: the triggering event (None for a duration trigger) and
    the appointment it concerns (None when it concerns none)."""

    event: Any = None
    appointment_id: int | None = None


Loader = Callable[[Sequence[Target]], list[Mapping[str, Any]]]


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: FieldType
    label: str
    # The values an enum takes; a callable when they are only known once every app is ready.
    choices: tuple[str, ...] | Callable[[], Sequence[str]] = ()

    def choice_values(self) -> tuple[str, ...]:
        return tuple(self.choices() if callable(self.choices) else self.choices)


@dataclass(frozen=True)
class ParamSpec:
    """A typed action parameter: `string` (non-empty text up to `max_length`) or `choices` (a
    non-empty list of `choices`)."""

    name: str
    type: str = "string"
    required: bool = True
    choices: tuple[str, ...] = ()
    max_length: int = 500
    # The owning domain's own check of a string value (e.g. what a tag may be): why it is refused, or None.
    check: Callable[[str], str | None] | None = None


@dataclass(frozen=True)
class ActionContext:
    """What an action is run with. `actor` is the rule's system actor (`rule:<id>`): what the
    action records is attributed to the rule, and the engine never lets a rule fire on it."""

    target: Target
    params: Mapping[str, Any]
    rule: Any
    actor: Any


@dataclass(frozen=True)
class ActionSpec:
    type: str
    label: str
    params: tuple[ParamSpec, ...]
    run: Callable[[ActionContext], str]  # returns a short detail for the run log; raises on failure
    needs_appointment: bool = True


FIELDS = Registry("rule field")
ACTIONS = Registry("rule action")
DURATION_SOURCES = Registry("rule duration source")


def register_rule_fields(specs: Iterable[FieldSpec], *, owner: str, loader: Loader) -> None:
    for spec in specs:
        if spec.type not in OPS:
            raise ValueError(f"Unknown field type {spec.type!r} for {spec.name}.")
        FIELDS.register(spec.name, owner=owner, description=spec.label, spec=spec, loader=loader)


def register_rule_action(spec: ActionSpec, *, owner: str) -> None:
    ACTIONS.register(spec.type, owner=owner, description=spec.label, spec=spec)


@dataclass(frozen=True)
class DurationHit:
    """An appointment found in a status long enough: `entry` identifies its entry into the
    status (e.g. the timeline event id), so each entry fires a rule at most once."""

    appointment_id: int
    entry: str
    entered_at: datetime


DurationFinder = Callable[[str, datetime], Iterable[DurationHit]]  # (status, entered before) -> hits


def register_duration_source(*, statuses: Sequence[str], finder: DurationFinder, owner: str,
                             name: str = "status") -> None:
    DURATION_SOURCES.register(name, owner=owner, statuses=tuple(statuses), finder=finder)


def duration_statuses() -> tuple[str, ...]:
    return tuple(s for entry in DURATION_SOURCES for s in entry.extra["statuses"])


def duration_finder(status: str) -> DurationFinder:
    for entry in DURATION_SOURCES:
        if status in entry.extra["statuses"]:
            return entry.extra["finder"]
    raise Unregistered(f"No duration source knows status {status!r}.")


def field_spec(name: str) -> FieldSpec:
    return FIELDS.get(name).extra["spec"]


def field_infos() -> dict[str, FieldInfo]:
    """The catalog as the grammar sees it."""
    infos = {}
    for entry in FIELDS:
        spec: FieldSpec = entry.extra["spec"]
        infos[spec.name] = FieldInfo(spec.name, spec.type, spec.choice_values())
    return infos


def action_spec(type: str) -> ActionSpec:
    return ACTIONS.get(type).extra["spec"]


def action_specs() -> list[ActionSpec]:
    return [entry.extra["spec"] for entry in ACTIONS]


# --- target resolvers ---------------------------------------------------------------------------

Resolver = Callable[[Any], int | None]
_resolvers: list[Resolver] = []


def register_target_resolver(resolver: Resolver) -> None:
    """`resolver(event)` -> the appointment id the event concerns, or None (the first non-None
    answer wins). Without one, an event concerns the `appointment_id` of its payload."""
    if resolver not in _resolvers:
        _resolvers.append(resolver)


def target_of(event) -> Target:
    for resolver in _resolvers:
        found = resolver(event)
        if found is not None:
            return Target(event=event, appointment_id=int(found))
    raw = (event.payload or {}).get("appointment_id")
    return Target(event=event, appointment_id=int(raw) if isinstance(raw, int) else None)


# What a dry run needs of a domain: does the appointment exist, and its latest event of a type.
Lookup = Callable[[int, str], tuple[bool, Any]]
_lookups: list[Lookup] = []


def register_target_lookup(lookup: Lookup) -> None:
    """`lookup(appointment_id, event_type)` -> (exists, the latest such event about it or None)."""
    if lookup not in _lookups:
        _lookups.append(lookup)


def target_lookup(appointment_id: int, event_type: str) -> tuple[bool, Any]:
    for lookup in _lookups:
        exists, event = lookup(appointment_id, event_type)
        if exists:
            return True, event
    return False, None


# --- facts --------------------------------------------------------------------------------------

class FactBatch:
    """Field values of many targets, loaded lazily, each loader once for the whole batch."""

    def __init__(self, targets: Sequence[Target], now: datetime) -> None:
        self.targets = list(targets)
        self.now = now
        self._loaded: dict[int, list[Mapping[str, Any]]] = {}

    def value(self, index: int, name: str) -> Any:
        entry = FIELDS.get(name)
        loader: Loader = entry.extra["loader"]
        key = id(loader)
        rows = self._loaded.get(key)
        if rows is None:
            rows = self._loaded[key] = list(loader(self.targets))
        return rows[index].get(name)

    def facts(self, index: int) -> "Facts":
        return Facts(self, index)


class Facts(dict):
    """One target's field values: a dict (a read is a plain dict lookup once loaded) that asks
    its batch for a field it lacks."""

    __slots__ = ("batch", "index")

    def __init__(self, batch: FactBatch, index: int) -> None:
        super().__init__()
        self.batch = batch
        self.index = index

    @property
    def now(self) -> datetime:
        return self.batch.now

    def __missing__(self, name: str) -> Any:
        value = self[name] = self.batch.value(self.index, name)
        return value
