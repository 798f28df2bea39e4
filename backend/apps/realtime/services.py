"""Pushing frames: after the change commits, to the group of each user who may see the object.

A frame is only a hint to refetch (ids, no content), so losing one costs a poll: a failing channel
layer (Redis down, the layer's file locked) is logged and the frame dropped, never raised into the
request or the job that caused it."""

import logging
from collections.abc import Iterable

from asgiref.sync import async_to_sync
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
        return async_to_sync(send_all)()
    except Exception:
        logger.warning("Realtime frames dropped: the channel layer failed", exc_info=True)
        return 0


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
