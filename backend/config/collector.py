"""The garbage collector of a web worker: full collections between requests, never inside one.

A Django process holds ~190k tracked objects once its modules, URL conf and serializers are
loaded, and each request leaves reference cycles behind (exceptions with their frames, querysets,
DRF's request and view). CPython runs a full (generation 2) collection when enough of that has
piled up, inside whatever code happens to allocate at that moment: on this machine a full
collection took 90-210 ms, so about one request in a hundred was slower by that much, whatever it
was (a 20 ms detail answered in 190 ms); `make load`'s p99 was that pause, not the work.

So a sync web worker, once its application is loaded:
- warms what the first requests would import (the URL conf, and through it every view) and
  freezes everything alive at that point (`gc.freeze()`): it lives as long as the process, and a
  full collection no longer walks it (a full collection then takes ~50 ms, not ~190);
- leaves generations 0 and 1 to CPython as they are (sub-millisecond, as before), but takes the
  full collection out of the allocator's hands and runs it after a response has been written,
  as often as CPython would have (after FULL_EVERY collections of generation 1).

Memory stays bounded exactly as before: the same collections run at the same rate, only at a
different moment. Imported by gunicorn's master before Django is set up: no Django at import."""

import contextlib
import gc

FULL_EVERY = 10  # CPython's own default third threshold
NEVER = 1 << 30  # a generation-2 threshold the allocator never reaches
THAW_EVERY = 20  # full collections: one in this many also walks the frozen objects
_full_collections = 0


def after_app_loaded(warm=None) -> None:
    """Call once per worker process, after the WSGI application is loaded. `warm` is a callable
    importing what the first requests would (its failure is the first request's to report)."""
    if warm is not None:
        with contextlib.suppress(Exception):  # the request that needs it reports it properly
            warm()
    gc.collect()
    gc.freeze()
    first, second, _ = gc.get_threshold()
    gc.set_threshold(first, second, NEVER)


def between_requests() -> bool:
    """Run the full collection CPython would have run by now, if it is due. True if it ran.

    What is still alive after it, between two requests, lives beyond a request (caches filled
    lazily, connections): it is frozen too, so the next full collections don't walk it again
    (under `make load` they took ~48 ms each, the worker unavailable meanwhile). Freezing only
    hides objects from the cycle collector; reference counting still frees them. A long-lived
    object that later dies in a reference cycle would be kept, so one full collection in
    THAW_EVERY walks everything, frozen objects included (and a worker gunicorn replaces after
    max_requests starts afresh anyway)."""
    global _full_collections
    if gc.get_threshold()[2] != NEVER or gc.get_count()[2] < FULL_EVERY:
        return False
    _full_collections += 1
    if _full_collections % THAW_EVERY == 0:
        gc.unfreeze()
    gc.collect()
    gc.freeze()
    return True


def warm_django() -> None:
    """Import the URL conf (and so every view, serializer and the schema's hooks)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (the import is the point)
