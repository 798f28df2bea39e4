"""The failed-login limit holds under parallel guesses (on every cache backend the product runs
with), and /django-admin/login/ shares it with the API, with the same audit entries."""

import socket
import uuid

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from rest_framework.test import APIClient

from apps.common.capabilities import Role
from apps.common.testing import api_at_once
from apps.platform.audit.models import AuditEntry
from conftest import PASSWORD


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


CACHES = {
    "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "login-race"},
    "database": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "test_login_cache"},
    "redis": {"BACKEND": "apps.common.cache.ResilientRedisCache", "LOCATION": "redis://127.0.0.1:6379/14"},
}


def _failures(username: str) -> int:
    return AuditEntry.objects.filter(action="auth.login_failed", metadata__username=username).count()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("backend", [
    "locmem", "database",
    pytest.param("redis", marks=pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379")),
])
def test_twelve_parallel_wrong_passwords_get_exactly_five_checks(backend, make_user):
    user = make_user(Role.CLIENT)
    with override_settings(CACHES={"default": {**CACHES[backend], "KEY_PREFIX": uuid.uuid4().hex}}):
        if backend == "database":
            call_command("createcachetable")
        body = {"username": user.username, "password": "wrong-guess-1"}
        statuses = api_at_once([(None, "post", "/api/v1/auth/login/", body)] * 12)
        assert sorted(statuses) == [401] * 5 + [429] * 7
        assert _failures(user.username) == 5
        # the limit is reached: the right password waits too
        late = APIClient().post("/api/v1/auth/login/", {"username": user.username, "password": PASSWORD})
        assert late.status_code == 429
        assert late.json()["retry_after"] >= 1


@pytest.mark.django_db(transaction=True)
def test_parallel_right_passwords_are_not_counted_as_failures(make_user):
    """At most the limit's worth of checks run at once (a slot is claimed before the password is
    known); a right password gives its slot back, so nothing is left counted afterwards."""
    user = make_user(Role.CLIENT)
    statuses = api_at_once([(None, "post", "/api/v1/auth/login/", {"username": user.username, "password": PASSWORD})] * 8)
    assert set(statuses) <= {200, 429} and statuses.count(200) >= 5
    assert _failures(user.username) == 0
    assert APIClient().post("/api/v1/auth/login/", {"username": user.username, "password": PASSWORD}).status_code == 200


@pytest.mark.django_db
def test_a_banned_account_with_the_right_password_does_not_use_up_the_limit(make_user, admin_user):
    from apps.accounts.services import user_ban

    user = make_user(Role.CLIENT)
    user_ban(user=user, actor=admin_user, reason="spam")
    for _ in range(8):
        assert APIClient().post("/api/v1/auth/login/", {"username": user.username,
                                                        "password": PASSWORD}).status_code == 403


def _admin_login(client: Client, username: str, password: str, **extra):
    return client.post("/django-admin/login/?next=/django-admin/", {"username": username, "password": password},
                       **extra)


def _signed_in(client: Client) -> bool:
    return client.get("/django-admin/").status_code == 200


@pytest.mark.django_db
def test_django_admin_login_stops_after_five_failures_then_refuses_the_right_password(make_user):
    superuser = make_user(Role.ADMIN, is_superuser=True)
    client = Client()
    for _ in range(5):
        response = _admin_login(client, superuser.username, "wrong-password")
        assert response.status_code == 200
        assert not _signed_in(client)
    for password in ("wrong-password", PASSWORD):
        refused = _admin_login(client, superuser.username, password)
        assert refused.status_code == 200
        assert "Слишком много неудачных попыток" in refused.content.decode()
        assert not _signed_in(client)
    # the same audit entries as the API's login
    entries = AuditEntry.objects.filter(action="auth.login_failed", metadata__username=superuser.username)
    assert entries.count() == 5
    assert {(e.metadata["method"], e.metadata["reason"]) for e in entries} == {("django_admin", "invalid_credentials")}
    # another address is not affected
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert _admin_login(other, superuser.username, PASSWORD).status_code == 302
    assert _signed_in(other)


@pytest.mark.django_db
def test_django_admin_and_the_api_share_one_limit(make_user):
    superuser = make_user(Role.ADMIN, is_superuser=True)
    for _ in range(3):
        APIClient().post("/api/v1/auth/login/", {"username": superuser.username, "password": "wrong"})
    for _ in range(2):
        _admin_login(Client(), superuser.username, "wrong")
    assert APIClient().post("/api/v1/auth/login/", {"username": superuser.username,
                                                    "password": PASSWORD}).status_code == 429
    client = Client()
    _admin_login(client, superuser.username, PASSWORD)
    assert not _signed_in(client)


@pytest.mark.django_db
def test_django_admin_success_forgives_earlier_failures(make_user):
    superuser = make_user(Role.ADMIN, is_superuser=True)
    client = Client()
    for _ in range(4):
        _admin_login(client, superuser.username, "wrong")
    assert _admin_login(client, superuser.username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        _admin_login(client, superuser.username, "wrong")
    assert _admin_login(client, superuser.username, PASSWORD).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_parallel_django_admin_guesses_get_exactly_five_checks(make_user):
    from apps.common.testing import run_at_once

    superuser = make_user(Role.ADMIN, is_superuser=True)
    results = run_at_once(12, lambda _i: _admin_login(Client(), superuser.username, "wrong").content.decode())
    throttled = sum("Слишком много неудачных попыток" in body for body in results)
    assert throttled == 7
    assert _failures(superuser.username) == 5


def test_the_login_rate_uses_drf_s_notation(settings):
    from django.test import RequestFactory

    from apps.accounts.throttles import LoginGuard

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
                                                          "login": "7/hour"}}
    guard = LoginGuard(request=RequestFactory().post("/"), username="x")
    assert (guard.num_requests, guard.duration) == (7, 3600)
    assert [limit for _key, limit in guard.counters] == [7, 28]
