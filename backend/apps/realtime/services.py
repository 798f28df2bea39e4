"""Pushing frames: after the change commits, to the group of each user who may see the object.

A frame is only a hint to refetch (ids, no content), so losing one costs a poll: a failing channel
layer (Redis down, the layer's file locked) is logged and the frame dropped, never raised into the
request or the job that caused it."""

import asyncio
import logging
import os
import threading
from collections.abc import Coroutine, Iterable
from concurrent.futures import TimeoutError as FutureTimeout

from asgiref.sync import SyncToAsync, async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from .types import ACTIVE_MASTERS_GROUP, FORCE_CLOSE, PUSH, CloseCode, FrameType, user_group

logger = logging.getLogger(__name__)


def _group_send(groups: Iterable[str], message: dict) -> int:
    """Send `message` to every group now; the number of groups it reached the layer for."""
    groups = list(dict.fromkeys(groups))
    if not groups:
        return 0
    layer = get_channel_layer()
    if layer is None:
        return 0

    async def send_all() -> int:
        sent = 0
        for group in groups:
            try:
                await layer.group_send(group, message)
                sent += 1
            except Exception:
                logger.warning("Realtime frame %s to %s dropped: the channel layer failed", message.get("frame",
                               {}).get("type", message["type"]), group, exc_info=True)
        return sent

    try:
        if _layer_keeps_connections_per_loop(layer) and not _called_from_an_event_loop():
            return _sender.run(send_all())
        return async_to_sync(send_all)()
    except Exception:
        logger.warning("Realtime frames dropped: the channel layer failed", exc_info=True)
        return 0


def _layer_keeps_connections_per_loop(layer) -> bool:
    """channels_redis keeps its connection pool per event loop: `async_to_sync` from a sync worker's
    view or a job makes a new loop per call, hence a new Redis connection per frame (3.3 ms for
    three groups here, against 0.8 ms on a loop that stays)."""
    return type(layer).__module__.startswith("channels_redis.")


def _called_from_an_event_loop() -> bool:
    """A sync view under the ASGI server runs in asgiref's thread, and `async_to_sync` then sends on
    the server's own loop, whose connections are warm (and which is busy delivering frames: a
    second loop in that process would only compete with it)."""
    local = SyncToAsync.threadlocal
    return getattr(local, "main_event_loop", None) is not None and getattr(local, "main_event_loop_pid",
                                                                           None) == os.getpid()


class _LoopThread:
    """One event loop per process, in a daemon thread, for the sync callers' sends: the layer's
    connections are made once and reused. Started on first use in each process (gunicorn and
    Celery fork their workers after import, and a thread does not survive a fork)."""

    TIMEOUT_SECONDS = 5.0  # a layer that hangs costs the caller this much at most, never the request

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._pid = 0

    def _running_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None or self._pid != os.getpid():
                loop = asyncio.new_event_loop()
                threading.Thread(target=loop.run_forever, name="realtime-sends", daemon=True).start()
                self._loop, self._pid = loop, os.getpid()
            return self._loop

    def run(self, coroutine: Coroutine):
        future = asyncio.run_coroutine_threadsafe(coroutine, self._running_loop())
        try:
            return future.result(self.TIMEOUT_SECONDS)
        except FutureTimeout:
            future.cancel()
            raise


_sender = _LoopThread()


def frame(type: FrameType, **ids) -> dict:
    return {"type": str(type), **ids}


def push_now(*, user_ids: Iterable[int] = (), frame: dict, active_masters: bool = False) -> int:
    """Push `frame` to these users' sockets (and the active masters' with `active_masters`) at once:
    for callers that already run after commit (the platform's event handlers)."""
    groups = [user_group(pk) for pk in sorted({int(pk) for pk in user_ids if pk is not None})]
    if active_masters:
        groups.append(ACTIVE_MASTERS_GROUP)
    return _group_send(groups, {"type": PUSH, "frame": frame})


def push(*, user_ids: Iterable[int] = (), frame: dict, active_masters: bool = False) -> None:
    """`push_now` once the current transaction commits (nothing for a rolled-back change)."""
    ids = list(user_ids)
    transaction.on_commit(lambda: push_now(user_ids=ids, frame=frame, active_masters=active_masters), robust=True)


def close_now(*, user_id: int, code: int = CloseCode.FORBIDDEN) -> int:
    """Close every open socket of the user (a ban, after it committed): each of their consumers gets
    the message on the user's group and closes with `code`."""
    return _group_send([user_group(user_id)], {"type": FORCE_CLOSE, "code": int(code)})
