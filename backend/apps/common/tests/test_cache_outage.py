"""Production's cache is Redis; when Redis is down the API keeps serving (a cache outage is a miss,
never a 500), and signing in is refused with 429 rather than left unthrottled."""

import socket
import uuid

import pytest
from django.core.cache import cache
from django.test import override_settings

from apps.accounts.models import Role
from conftest import PASSWORD

pytestmark = pytest.mark.django_db
BACKEND = "apps.common.cache.ResilientRedisCache"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


def _redis_down():
    return override_settings(CACHES={"default": {
        "BACKEND": BACKEND, "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}})


def test_with_redis_down_signed_in_people_keep_working(as_user, make_user, make_appointment):
    client = make_user(Role.CLIENT)
    make_appointment("NEW", client=client)
    with _redis_down():
        assert cache.get("anything", "fallback") == "fallback"
        api = as_user(client)
        assert api.get("/api/v1/me/").status_code == 200
        mine = api.get("/api/v1/appointments/my/")
        assert mine.status_code == 200 and mine.json()["count"] == 1
        created = api.post("/api/v1/appointments/", {"title": "Стрижка", "description": "Короткая"}, format="json")
        assert created.status_code == 201, created.content


def test_with_redis_down_signing_in_waits_instead_of_going_unthrottled(api, make_user):
    user = make_user(Role.CLIENT)
    with _redis_down():
        response = api.post("/api/v1/auth/login/", {"username": user.username, "password": PASSWORD}, format="json")
    assert response.status_code == 429
    assert response.json()["code"] and response.json()["retry_after"] >= 1


@pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379")
def test_with_redis_up_it_is_the_plain_redis_cache():
    with override_settings(CACHES={"default": {"BACKEND": BACKEND, "LOCATION": "redis://127.0.0.1:6379/13",
                                               "KEY_PREFIX": uuid.uuid4().hex}}):
        assert cache.add("k", 1, 30) is True and cache.add("k", 2, 30) is False
        cache.set_many({"a": 1, "b": 2}, 30)
        assert cache.get_many(["a", "b", "k"]) == {"a": 1, "b": 2, "k": 1}
        assert cache.delete("k") is True and cache.get("k") is None
