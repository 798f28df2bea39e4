"""The event log: `emit()` records an event inside the caller's transaction; handlers run after
that transaction commits, each in its own transaction, and a failing handler is only logged."""

import logging
from collections import defaultdict
from collections.abc import Callable
from functools import partial

from django.db import transaction

from apps.common.middleware import get_request_id

from ..middleware import current_actor
from ..refs import subject_ref, to_jsonable
from .models import PlatformEvent
from .types import EventType

logger = logging.getLogger(__name__)

ALL_EVENTS = "*"
Handler = Callable[[PlatformEvent], None]
_handlers: dict[str, list[Handler]] = defaultdict(list)


def register_handler(event_type: EventType | str, handler: Handler) -> None:
    """Call `handler(event)` after every committed event of `event_type` ("*": every event).
    Domain apps register from `AppConfig.ready()`; registering the same handler twice is a no-op."""
    key = ALL_EVENTS if event_type == ALL_EVENTS else EventType(event_type).value
    if handler not in _handlers[key]:
        _handlers[key].append(handler)


def unregister_handler(event_type: EventType | str, handler: Handler) -> None:
    key = ALL_EVENTS if event_type == ALL_EVENTS else EventType(event_type).value
    if handler in _handlers[key]:
        _handlers[key].remove(handler)


def handlers_for(event_type: EventType | str) -> list[Handler]:
    return [*_handlers.get(str(event_type), ()), *_handlers.get(ALL_EVENTS, ())]


def emit(type: EventType, *, actor=None, subject=None, payload: dict | None = None) -> PlatformEvent:
    """Record an event. `actor` defaults to the authenticated user of the current request (None in
    jobs); `subject` is any saved model instance or None. Nothing is dispatched unless the caller's
    transaction commits."""
    event_type = EventType(type)
    if actor is None:
        actor = current_actor()
    subject_type, subject_id = subject_ref(subject)
    event = PlatformEvent.objects.create(
        type=event_type.value,
        actor=actor if actor is not None and actor.pk is not None else None,
        subject_type=subject_type,
        subject_id=subject_id,
        payload=to_jsonable(payload or {}),
        request_id=get_request_id(),
    )
    transaction.on_commit(partial(dispatch, event), robust=True)
    return event


def dispatch(event: PlatformEvent) -> None:
    """Run every handler of `event`; one handler's failure neither stops the others nor reaches
    the code that emitted the event. Each handler's writes are atomic on their own."""
    for handler in handlers_for(event.type):
        try:
            with transaction.atomic():
                handler(event)
        except Exception:
            logger.exception("Event handler %s failed for %s #%s",
                             getattr(handler, "__qualname__", handler), event.type, event.pk)
