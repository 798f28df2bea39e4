import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from apps.accounts.models import SiteSettings
from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_wrong_password_and_unknown_user_look_the_same(api, client_user):
    wrong = api.post("/api/v1/auth/login/", {"username": client_user.username, "password": "nope-nope-nope"})
    unknown = api.post("/api/v1/auth/login/", {"username": "nobody-here", "password": "nope-nope-nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json() == {"detail": "Invalid username or password.", "code": "invalid_credentials"}


def test_login_is_throttled_after_repeated_failures_per_username_and_ip(api, client_user):
    for _ in range(5):
        assert api.post("/api/v1/auth/login/", {"username": client_user.username, "password": "bad-guess-1"}).status_code == 401
    blocked = api.post("/api/v1/auth/login/", {"username": client_user.username, "password": PASSWORD})
    assert blocked.status_code == 429
    assert blocked.json()["code"] == "throttled"
    assert blocked.json()["retry_after"] >= 1
    # another address is not affected
    other_ip = api.post("/api/v1/auth/login/", {"username": client_user.username, "password": PASSWORD},
                        REMOTE_ADDR="10.0.0.9")
    assert other_ip.status_code == 200
    # another username from the same address is not affected either
    assert api.post("/api/v1/auth/login/", {"username": "someone-else", "password": "x-y-z-1-2-3"}).status_code == 401


def test_successful_logins_are_never_throttled(api, client_user):
    for _ in range(8):
        assert api.post("/api/v1/auth/login/", {"username": client_user.username, "password": PASSWORD}).status_code == 200


def test_one_address_guessing_many_usernames_is_stopped(api):
    statuses = [
        api.post("/api/v1/auth/login/", {"username": f"user{i}", "password": "guess-guess"}).status_code
        for i in range(25)
    ]
    assert statuses[:20] == [401] * 20
    assert 429 in statuses[20:]


@override_settings(NUM_PROXIES=1)
def test_throttle_uses_the_forwarded_address_behind_one_proxy(client_user):
    api = APIClient()
    for _ in range(5):
        api.post("/api/v1/auth/login/", {"username": client_user.username, "password": "bad"},
                 HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert api.post("/api/v1/auth/login/", {"username": client_user.username, "password": PASSWORD},
                    HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
    assert api.post("/api/v1/auth/login/", {"username": client_user.username, "password": PASSWORD},
                    HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 200


def test_register_client_and_master(api):
    client = api.post("/api/v1/auth/register/", {"username": "anna", "password": "Anna-pass-2026", "role": "client"})
    assert client.status_code == 201, client.content
    assert client.json()["user"]["role"] == "client"
    assert client.json()["user"]["master_profile"] is None
    assert "refresh_token" in client.cookies

    master = APIClient().post("/api/v1/auth/register/", {"username": "boris", "password": "Boris-pass-2026",
                                                         "role": "master", "display_name": "Борис"})
    assert master.status_code == 201
    body = master.json()["user"]
    assert body["role"] == "master"
    assert body["master_profile"]["status"] == "pending"
    assert body["display_name"] == "Борис"


def test_register_refuses_admin_role_weak_passwords_and_duplicates(api, client_user):
    assert api.post("/api/v1/auth/register/", {"username": "x1", "password": "Strong-pass-1", "role": "admin"}).status_code == 400
    weak = api.post("/api/v1/auth/register/", {"username": "x2", "password": "123", "role": "client"})
    assert weak.status_code == 400
    assert "password" in weak.json()["errors"]
    dup = api.post("/api/v1/auth/register/", {"username": client_user.username.upper(), "password": "Strong-pass-1"})
    assert dup.status_code == 409
    assert dup.json()["code"] == "username_taken"


def test_register_closed_by_site_setting(api):
    site = SiteSettings.load()
    site.registration_open = False
    site.save()
    response = api.post("/api/v1/auth/register/", {"username": "late", "password": "Strong-pass-1"})
    assert response.status_code == 403
    assert response.json()["code"] == "registration_closed"
