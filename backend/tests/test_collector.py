"""config/collector.py: a web worker's full garbage collections run between requests."""

import gc

import pytest

from config import collector


@pytest.fixture
def restore_gc(monkeypatch):
    monkeypatch.setattr(collector, "_full_collections", 0)
    threshold = gc.get_threshold()
    yield
    gc.set_threshold(*threshold)
    gc.unfreeze()


class Cycle:
    def __init__(self):
        self.me = self


def test_once_loaded_the_allocator_never_runs_a_full_collection_and_startup_objects_are_frozen(restore_gc):
    warmed = []
    collector.after_app_loaded(warm=lambda: warmed.append(True))
    assert warmed == [True]
    assert gc.get_freeze_count() > 0
    first, second, third = gc.get_threshold()
    assert third == collector.NEVER and (first, second) == (700, 10)
    # allocate enough cyclic garbage for many generation-1 collections: none of them goes further
    collected = []
    gc.callbacks.append(lambda phase, info: collected.append(info["generation"]) if phase == "stop" else None)
    try:
        for _ in range(200_000):
            Cycle()
    finally:
        gc.callbacks.pop()
    assert 1 in collected and 2 not in collected
    assert gc.get_count()[2] >= collector.FULL_EVERY


def test_between_requests_the_due_full_collection_runs_and_frees_the_cycles(restore_gc):
    collector.after_app_loaded()
    import weakref

    survivor = Cycle()
    ref = weakref.ref(survivor)
    del survivor
    for _ in range(200_000):  # until generation 1 has been collected FULL_EVERY times
        Cycle()
    assert gc.get_count()[2] >= collector.FULL_EVERY
    assert collector.between_requests() is True
    assert ref() is None and gc.get_count()[2] == 0
    assert collector.between_requests() is False  # not due again yet


def _until_a_full_collection_is_due():
    while gc.get_count()[2] < collector.FULL_EVERY:
        Cycle()


def test_what_outlives_a_full_collection_is_frozen_so_the_next_ones_skip_it(restore_gc):
    collector.after_app_loaded()
    frozen_at_start = gc.get_freeze_count()
    cache = {"lazily filled": [Cycle() for _ in range(1000)]}  # long-lived, created after start
    _until_a_full_collection_is_due()
    assert collector.between_requests() is True
    assert gc.get_freeze_count() >= frozen_at_start + 1000
    _until_a_full_collection_is_due()
    assert collector.between_requests() is True
    assert cache["lazily filled"][0].me is cache["lazily filled"][0]  # still there, only not walked


def test_a_frozen_object_that_dies_in_a_cycle_is_freed_by_the_periodic_thaw(restore_gc, monkeypatch):
    import weakref

    monkeypatch.setattr(collector, "THAW_EVERY", 3)
    collector.after_app_loaded()
    long_lived = Cycle()
    ref = weakref.ref(long_lived)
    _until_a_full_collection_is_due()
    collector.between_requests()  # 1st: it survives and is frozen
    del long_lived  # now garbage, but only a cycle: reference counting can't free it
    _until_a_full_collection_is_due()
    collector.between_requests()  # 2nd: frozen, not walked
    assert ref() is not None
    _until_a_full_collection_is_due()
    collector.between_requests()  # 3rd: the thaw walks everything
    assert ref() is None
    assert gc.get_freeze_count() > 0  # and freezes what is alive again


def test_a_failing_warm_up_is_left_to_the_first_request(restore_gc):
    def broken():
        raise ImportError("a view module is broken")

    collector.after_app_loaded(warm=broken)
    assert gc.get_threshold()[2] == collector.NEVER


def test_between_requests_does_nothing_unless_the_worker_took_the_full_collections_over():
    assert gc.get_threshold()[2] != collector.NEVER
    assert collector.between_requests() is False


def test_the_sync_worker_collects_after_each_connection_it_handled(restore_gc, monkeypatch):
    """gunicorn's sync worker as config.gunicorn_worker extends it: handle() answers (here: refuses
    a malformed request line as JSON on a real socket pair), closes the socket, then collects."""
    import socket

    from gunicorn.config import Config

    from config.gunicorn_worker import JsonErrorSyncWorker

    collector.after_app_loaded()
    for _ in range(200_000):
        Cycle()
    assert gc.get_count()[2] >= collector.FULL_EVERY
    worker = JsonErrorSyncWorker.__new__(JsonErrorSyncWorker)
    worker.cfg, worker.nr, worker.max_requests, worker.alive = Config(), 0, 1000, True
    worker.log = type("Log", (), {"warning": lambda *a, **k: None, "debug": lambda *a, **k: None,
                                  "exception": lambda *a, **k: None, "info": lambda *a, **k: None})()
    server, client = socket.socketpair()
    client.sendall(b"NOT A REQUEST LINE\r\n\r\n")
    worker.handle(None, server, ("127.0.0.1", 1))
    answer = client.recv(4096)
    assert answer.startswith(b"HTTP/1.1 400") and b'"code"' in answer
    assert server.fileno() == -1  # closed before the collection
    assert gc.get_count()[2] == 0  # the due full collection ran
