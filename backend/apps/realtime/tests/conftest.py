"""Sockets against the whole ASGI application (config.asgi: origin check, routing, consumer), on
the in-process channel layer of the test settings."""

import json

import pytest
from channels.db import database_sync_to_async
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator
from django.db import connections

from apps.realtime.tickets import ticket_issue

ORIGIN = (b"origin", b"http://testserver")


@pytest.fixture(autouse=True)
async def _close_thread_connections():
    """The async tests reach the database from asgiref's sync thread; its connections (kept open on
    PostgreSQL by CONN_MAX_AGE) are closed there, or the test database could not be dropped."""
    yield
    await database_sync_to_async(connections.close_all)()


@pytest.fixture(autouse=True)
def _fresh_layer():
    channel_layers.backends = {}
    yield
    channel_layers.backends = {}


def application():
    from config.asgi import application as asgi

    return asgi


async def open_socket(user=None, *, ticket: str | None = None, origin=ORIGIN):
    """A connected communicator (its hello read), or the communicator and the close it got."""
    if ticket is None and user is not None:
        ticket = await database_sync_to_async(ticket_issue)(user=user)
    path = f"/ws/?ticket={ticket}" if ticket is not None else "/ws/"
    communicator = WebsocketCommunicator(application(), path, headers=[origin] if origin else [])
    connected, _ = await communicator.connect(timeout=5)
    return communicator, connected


async def frames(communicator, *, wait: float = 0.3) -> list[dict]:
    """Every frame that arrives within `wait` seconds."""
    got = []
    while True:
        if await communicator.receive_nothing(timeout=wait):  # (receive_output's timeout ends the app)
            return got
        output = await communicator.receive_output(timeout=1)
        if output["type"] == "websocket.close":
            got.append({"closed": output.get("code")})
            return got
        got.append(json.loads(output["text"]))


async def close_code(communicator) -> int | None:
    output = await communicator.receive_output(timeout=5)
    assert output["type"] == "websocket.close", output
    return output.get("code")
