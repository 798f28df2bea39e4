"""The event log: `emit()` records an event inside the caller's transaction; handlers run after
that transaction commits, each in its own transaction, and a failing handler is only logged.

A handler runs in the request thread by default, or in the job worker (`in_worker=True`: a Celery
task, eager in tests) when it is slow or may chain further work (rules, recomputes): the request
never waits for it. In a request, the request-thread handlers of what committed run once the
response has been sent (`platform.middleware.AfterResponseMiddleware`): the caller gets its answer
first, the others hear about it as soon as before, give or take the response's serialisation.
While a handler runs, the events it causes are recorded as `caused_by` the event it handles, one
level deeper."""

import contextlib
import contextvars
import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from celery import shared_task
from django.db import transaction
from django.db.models import F

from apps.common.middleware import get_request_id

from ..actors import actor_label, actor_type, actor_user
from ..refs import subject_ref, to_jsonable
from .models import PendingHandlerRun, PlatformEvent
from .types import EVENT_TYPES, check_payload, event_type

logger = logging.getLogger(__name__)

ALL_EVENTS = "*"
RUN_HANDLER_TASK = "platform.run_event_handler"
Handler = Callable[[PlatformEvent], None]


@dataclass(frozen=True)
class Registration:
    handler: Handler
    in_worker: bool
    name: str  # module.qualname: how the worker finds the handler again
    # A worker handler's cheap test, in the process that dispatches: False when the event gives it
    # nothing to do, so no job is queued for it (the handler still decides for itself when it runs).
    wanted: Callable[[PlatformEvent], bool] | None = None


_handlers: dict[str, list[Registration]] = defaultdict(list)
# The event whose handler is running (events emitted meanwhile are caused by it).
_cause: contextvars.ContextVar[PlatformEvent | None] = contextvars.ContextVar("platform_event_cause", default=None)
# In a request: the committed events whose handlers run after the response, each with the context
# (request, request id) it committed in. None outside requests: handlers run at commit.
_after_response: contextvars.ContextVar[list | None] = contextvars.ContextVar("platform_after_response",
                                                                             default=None)


def _handler_name(handler: Handler) -> str:
    return f"{getattr(handler, '__module__', '?')}.{getattr(handler, '__qualname__', repr(handler))}"


def register_handler(event_type: str, handler: Handler, *, in_worker: bool = False,
                     wanted: Callable[[PlatformEvent], bool] | None = None) -> None:
    """Call `handler(event)` after every committed event of `event_type` ("*": every event):
    in the request thread, or with `in_worker` in the job worker. A worker handler may name
    `wanted(event)`, asked before its job is queued (a job for nothing costs the broker and the
    worker more than the question). Domain apps register from `AppConfig.ready()` (types are
    checked once every app is ready: `handler_problems()`); registering the same handler twice is
    a no-op."""
    key = str(event_type)
    name = _handler_name(handler)
    if in_worker and "<" in name:
        raise ValueError(f"A worker handler must be a module-level function (the worker finds it by name): {name}.")
    if any(r.handler == handler for r in _handlers[key]):
        return
    _handlers[key].append(Registration(handler=handler, in_worker=in_worker, name=name, wanted=wanted))


def unregister_handler(event_type: str, handler: Handler) -> None:
    key = str(event_type)
    _handlers[key] = [r for r in _handlers[key] if r.handler != handler]


def registrations_for(event_type: str) -> list[Registration]:
    return [*_handlers.get(str(event_type), ()), *_handlers.get(ALL_EVENTS, ())]


def handlers_for(event_type: str) -> list[Handler]:
    return [r.handler for r in registrations_for(event_type)]


def handler_problems() -> list[str]:
    """Handlers registered for event types nobody registered (a Django system check and a test
    report them)."""
    keys = [key for key, registrations in _handlers.items() if registrations and key != ALL_EVENTS]
    return [f"Handlers are registered for the unregistered event type {name!r}." for name in EVENT_TYPES.missing(keys)]


def shared(event: PlatformEvent, key: str, load: Callable[[], object]):
    """`load()` once per event: the handlers of one event that need the same rows (its appointment
    with its people, for the realtime frames and the notifications) share one read, made by the
    first of them after the commit. What `load` returns is read-only for the handlers; one that
    changes it locks and reads its own."""
    memo = event.__dict__.setdefault("_shared_reads", {})
    if key not in memo:
        memo[key] = load()
    return memo[key]


def current_cause() -> PlatformEvent | None:
    return _cause.get()


def emit(type: str, *, actor, subject=None, payload: dict | None = None,
         caused_by: PlatformEvent | None = None) -> PlatformEvent:
    """Record an event. `actor` is required: a user, a `SystemActor`, or None for nobody (an
    anonymous caller); it is never guessed from the request. `subject` is any saved model
    instance or None. `caused_by` defaults to the event whose handler is running, if any.
    Nothing is dispatched unless the caller's transaction commits. An unregistered type, or a
    payload key its description doesn't name, raises `Unregistered`."""
    name = event_type(type).name
    payload = to_jsonable(payload or {})
    check_payload(name, payload)
    cause = caused_by if caused_by is not None else current_cause()
    subject_type, subject_id = subject_ref(subject)
    event = PlatformEvent.objects.create(
        type=name,
        actor=actor_user(actor),
        actor_kind=actor_type(actor),
        actor_label=actor_label(actor),
        caused_by=cause,
        depth=cause.depth + 1 if cause is not None else 0,
        subject_type=subject_type,
        subject_id=subject_id,
        payload=payload,
        request_id=get_request_id(),
    )
    transaction.on_commit(partial(_committed, event), robust=True)
    return event


def _run(event: PlatformEvent, registration: Registration) -> None:
    """One handler, in its own transaction, with `event` as the cause of what it emits. A failure
    is logged and goes no further."""
    token = _cause.set(event)
    try:
        with transaction.atomic():
            registration.handler(event)
    except Exception:
        logger.exception("Event handler %s failed for %s #%s", registration.name, event.type, event.pk)
    finally:
        _cause.reset(token)


def _committed(event: PlatformEvent) -> None:
    """`emit`'s commit hook: dispatch now, or, in a request, once its response has been sent."""
    waiting = _after_response.get()
    if waiting is None:
        dispatch(event)
    else:
        waiting.append((contextvars.copy_context(), event))


def _dispatch_outside_request(event: PlatformEvent) -> None:
    _after_response.set(None)  # what these handlers commit is dispatched at once
    dispatch(event)


def run_after_response(waiting: list) -> None:
    """Dispatch the events a request committed, in order, each in the context it committed in."""
    for context, event in waiting:
        try:
            context.run(_dispatch_outside_request, event)
        except Exception:  # dispatch isolates handlers; this is only a last guard for the others
            logger.exception("Dispatching %s #%s after the response failed", event.type, event.pk)
    waiting.clear()


@contextlib.contextmanager
def handlers_held(waiting: list):
    """While the block runs, the request-thread handlers of what commits wait in `waiting` (for
    `run_after_response`) instead of running at commit: how a request defers them until its
    response has been sent (apps.platform.middleware.AfterResponseMiddleware)."""
    token = _after_response.set(waiting)
    try:
        yield waiting
    finally:
        _after_response.reset(token)


def dispatch(event: PlatformEvent) -> None:
    """Run every handler of `event`; one handler's failure neither stops the others nor reaches
    the code that emitted the event. Worker handlers are queued instead; one the broker can't
    take is kept as a `PendingHandlerRun` and queued again by `requeue_pending_handlers`."""
    for registration in registrations_for(event.type):
        if not registration.in_worker:
            _run(event, registration)
            continue
        if not _wanted(event, registration):
            continue
        try:
            run_event_handler.delay(event.pk, registration.name)
        except Exception as exc:
            logger.warning("Could not queue event handler %s for %s #%s (kept for the requeue job): %s",
                           registration.name, event.type, event.pk, exc)
            _keep_pending(event.pk, registration.name, exc)


def _wanted(event: PlatformEvent, registration: Registration) -> bool:
    if registration.wanted is None:
        return True
    try:
        return bool(registration.wanted(event))
    except Exception:  # when in doubt the job is queued: the handler decides for itself
        logger.exception("Event handler %s: its wanted() failed for %s #%s", registration.name, event.type, event.pk)
        return True


def _keep_pending(event_id: int, handler: str, exc: Exception) -> None:
    error = f"{exc.__class__.__name__}: {exc}"[:500]
    try:
        PendingHandlerRun.objects.get_or_create(event_id=event_id, handler=handler, defaults={"last_error": error})
    except Exception:  # the database is gone too: nothing more can be kept
        logger.exception("Could not keep event handler %s for event #%s", handler, event_id)


def requeue_pending_handlers(*, limit: int = 500) -> dict:
    """Queue the worker handlers the broker could not take when their event committed, oldest
    first; each row is deleted once queued. Stops at the first refusal (the broker is still
    down: the next run tries again)."""
    queued = 0
    for pending in PendingHandlerRun.objects.order_by("id")[:limit]:
        try:
            run_event_handler.delay(pending.event_id, pending.handler)
        except Exception as exc:
            PendingHandlerRun.objects.filter(pk=pending.pk).update(
                attempts=F("attempts") + 1, last_error=f"{exc.__class__.__name__}: {exc}"[:500])
            logger.warning("The broker still refuses event handlers (%s pending): %s",
                           PendingHandlerRun.objects.count(), exc)
            break
        PendingHandlerRun.objects.filter(pk=pending.pk).delete()
        queued += 1
    return {"queued": queued, "pending": PendingHandlerRun.objects.count()}


@shared_task(name=RUN_HANDLER_TASK, ignore_result=True)
def run_event_handler(event_id: int, handler_name: str) -> bool:
    """The worker's side of an `in_worker` handler: load the event, find the handler by name among
    those registered for its type, run it isolated like any handler. False if either is gone."""
    event = PlatformEvent.objects.filter(pk=event_id).first()
    if event is None:
        return False
    registration = next((r for r in registrations_for(event.type) if r.in_worker and r.name == handler_name), None)
    if registration is None:
        logger.warning("No worker handler %s for %s #%s any more", handler_name, event.type, event_id)
        return False
    _run(event, registration)
    return True
