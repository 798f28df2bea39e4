"""Production's channel layer (channels_redis on Redis): frames pushed from sync code (views, jobs)
reach a socket's channel, and the pushes share the process's connections instead of opening one
per frame."""

import asyncio
import secrets
import socket

import pytest
from channels.layers import channel_layers

from apps.realtime.services import push_now


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


pytestmark = pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379")


def _connections_received() -> int:
    import redis

    client = redis.Redis(host="127.0.0.1", port=6379, db=13)
    try:
        return int(client.info("stats")["total_connections_received"])
    finally:
        client.close()


def test_pushes_from_sync_code_reach_the_socket_over_the_same_connections(settings):
    from channels_redis.core import RedisChannelLayer

    config = {"hosts": ["redis://127.0.0.1:6379/13"], "prefix": f"mp:test:{secrets.token_hex(4)}:"}
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": config}}
    channel_layers.backends = {}
    user_id = 1_000_000 + secrets.randbelow(1_000_000)
    receiving = asyncio.new_event_loop()  # the websocket server's side: a layer and a loop of its own
    layer = RedisChannelLayer(**config)
    try:
        channel = receiving.run_until_complete(layer.new_channel())
        receiving.run_until_complete(layer.group_add(f"user.{user_id}", channel))

        assert push_now(user_ids=[user_id], frame={"type": "notification.created", "unread_count": 1}) == 1
        before = _connections_received()
        for count in range(2, 22):
            assert push_now(user_ids=[user_id], frame={"type": "notification.created", "unread_count": count}) == 1
        opened = _connections_received() - before

        async def receive_all() -> list[int]:
            return [(await asyncio.wait_for(layer.receive(channel), 5))["frame"]["unread_count"] for _ in range(21)]

        assert receiving.run_until_complete(receive_all()) == list(range(1, 22))
        assert opened < 5  # (a new event loop per push opened a connection each: 20)
    finally:
        receiving.run_until_complete(layer.flush())
        receiving.close()
        channel_layers.backends = {}


def test_a_sync_view_under_the_asgi_server_sends_on_the_server_s_loop(settings, monkeypatch):
    """Under the ASGI server a sync view runs in asgiref's thread: its frames go out on the server's
    own loop (warm connections, no second loop competing in that process)."""
    from asgiref.sync import sync_to_async
    from channels_redis.core import RedisChannelLayer

    from apps.realtime import services

    config = {"hosts": ["redis://127.0.0.1:6379/13"], "prefix": f"mp:test:{secrets.token_hex(4)}:"}
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": config}}
    channel_layers.backends = {}
    monkeypatch.setattr(services._sender, "run", lambda coroutine: coroutine.close() or 1 / 0)  # not this way
    user_id = 1_000_000 + secrets.randbelow(1_000_000)
    listener = RedisChannelLayer(**config)

    async def server() -> dict:
        channel = await listener.new_channel()
        await listener.group_add(f"user.{user_id}", channel)
        sent = await sync_to_async(push_now)(user_ids=[user_id], frame={"type": "notification.created",
                                                                         "unread_count": 4})
        assert sent == 1
        received = await asyncio.wait_for(listener.receive(channel), 5)
        await listener.flush()
        return received["frame"]

    try:
        assert asyncio.run(server()) == {"type": "notification.created", "unread_count": 4}
    finally:
        channel_layers.backends = {}
