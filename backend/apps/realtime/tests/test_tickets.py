import time
from unittest import mock

import pytest

from apps.realtime.tickets import SALT, ticket_issue, ticket_redeem
from apps.realtime.types import CloseCode

from .conftest import close_code, frames, open_socket

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("prefix", ["/api/v1", "/api"])
def test_an_authenticated_call_gets_a_one_time_ticket(as_user, client_user, prefix):
    response = as_user(client_user).post(f"{prefix}/realtime/ticket/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"ticket", "expires_in", "url"}
    assert body["expires_in"] == 60 and body["url"] is None
    assert ticket_redeem(ticket=body["ticket"]) == client_user.pk
    assert ticket_redeem(ticket=body["ticket"]) is None  # spent


def test_the_ticket_names_the_socket_port_without_nginx(as_user, client_user, settings):
    settings.REALTIME_WS_PORT = 8001
    assert as_user(client_user).post("/api/v1/realtime/ticket/").json()["url"] == "ws://testserver:8001/ws/"


def test_no_ticket_without_authentication(api):
    response = api.post("/api/v1/realtime/ticket/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_a_banned_user_gets_no_ticket(as_user, make_user):
    banned = make_user(is_banned=True)
    assert as_user(banned).post("/api/v1/realtime/ticket/").status_code in (401, 403)


def test_the_ticket_endpoint_is_throttled(as_user, client_user, monkeypatch):
    from apps.accounts.throttles import UserScopedRateThrottle

    monkeypatch.setattr(UserScopedRateThrottle, "THROTTLE_RATES", {**UserScopedRateThrottle.THROTTLE_RATES,
                                                                   "realtime_ticket": "2/min"})
    api = as_user(client_user)
    statuses = [api.post("/api/v1/realtime/ticket/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


async def test_a_ticket_opens_one_socket_and_says_hello(client_user):
    ticket = ticket_issue(user=client_user)
    first, connected = await open_socket(ticket=ticket)
    assert connected
    assert await frames(first) == [{"type": "hello", "user_id": client_user.pk}]
    second, _ = await open_socket(ticket=ticket)  # reused
    assert await close_code(second) == CloseCode.UNAUTHORIZED
    await first.disconnect()


async def test_an_expired_ticket_is_refused(client_user):
    with mock.patch("time.time", return_value=time.time() - 61):
        ticket = ticket_issue(user=client_user)
    communicator, _ = await open_socket(ticket=ticket)
    assert await close_code(communicator) == CloseCode.UNAUTHORIZED


async def test_a_forged_or_missing_ticket_is_refused(client_user):
    from django.core import signing

    genuine = ticket_issue(user=client_user)
    other_salt = signing.dumps({"u": client_user.pk, "j": "x"}, salt="not-" + SALT)
    other_key = signing.dumps({"u": client_user.pk, "j": "y"}, salt=SALT, key="another-secret-key-" * 3)
    for ticket in (genuine[:-2] + "xx", other_salt, other_key, "", "garbage"):
        communicator, _ = await open_socket(ticket=ticket)
        assert await close_code(communicator) == CloseCode.UNAUTHORIZED, ticket
    communicator, _ = await open_socket()
    assert await close_code(communicator) == CloseCode.UNAUTHORIZED


async def test_a_ticket_of_a_since_banned_user_is_refused(client_user):
    from channels.db import database_sync_to_async

    ticket = ticket_issue(user=client_user)
    client_user.is_banned = True
    await database_sync_to_async(client_user.save)()
    communicator, _ = await open_socket(ticket=ticket)
    assert await close_code(communicator) == CloseCode.FORBIDDEN


async def test_another_site_s_page_cannot_open_the_socket(client_user):
    _communicator, connected = await open_socket(client_user, origin=(b"origin", b"https://evil.example"))
    assert not connected
