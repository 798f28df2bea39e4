
import pytest
from rest_framework.test import APIClient

from apps.common.testing import run_at_once
from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _login(api, user):
    response = api.post("/api/v1/auth/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 200, response.content
    return response


def test_login_sets_a_safe_refresh_cookie(api, client_user):
    response = _login(api, client_user)
    cookie = response.cookies["refresh_token"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/api/"
    assert not cookie["secure"]  # development; production turns it on (see test_settings)
    assert int(cookie["max-age"]) > 0
    assert "refresh" not in response.json()
    assert response.json()["user"]["username"] == client_user.username


def test_refresh_rotates_and_the_old_token_is_rejected(api, client_user, settings):
    settings.REFRESH_REUSE_GRACE_SECONDS = 0  # a replay, not two tabs racing
    _login(api, client_user)
    first = api.cookies["refresh_token"].value
    refreshed = api.post("/api/v1/auth/refresh/")
    assert refreshed.status_code == 200
    assert set(refreshed.json()) == {"access"}
    second = refreshed.cookies["refresh_token"].value
    assert second and second != first

    # the new access token works
    me = APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {refreshed.json()['access']}")
    assert me.status_code == 200

    # replaying the first token is refused, and the cookie is cleared
    replay = APIClient()
    replay.cookies["refresh_token"] = first
    reused = replay.post("/api/v1/auth/refresh/")
    assert reused.status_code == 401
    assert reused.json()["code"] == "token_reused"
    assert reused.cookies["refresh_token"].value == ""

    # and the whole session is gone: the rotated token and its access token too (test_token_family.py)
    assert api.post("/api/v1/auth/refresh/").status_code == 401


def test_refresh_from_body_for_non_browser_clients(api, client_user):
    raw = _login(api, client_user).cookies["refresh_token"].value
    other = APIClient()
    response = other.post("/api/v1/auth/refresh/", {"refresh": raw})
    assert response.status_code == 200
    assert set(response.json()) == {"access", "refresh"}
    assert other.post("/api/v1/auth/refresh/", {"refresh": raw}).status_code == 401


@pytest.mark.parametrize("value", ["", "garbage", "a.b.c"])
def test_refresh_with_missing_or_forged_token_is_401(api, value):
    if value:
        api.cookies["refresh_token"] = value
    response = api.post("/api/v1/auth/refresh/")
    assert response.status_code == 401
    assert response.json()["code"] in {"refresh_missing", "token_not_valid"}


def test_access_token_is_not_a_refresh_token(api, client_user):
    access = _login(api, client_user).json()["access"]
    response = APIClient().post("/api/v1/auth/refresh/", {"refresh": access})
    assert response.status_code == 401


def test_logout_blacklists_and_clears_cookie(api, client_user):
    _login(api, client_user)
    raw = api.cookies["refresh_token"].value
    response = api.post("/api/v1/auth/logout/")
    assert response.status_code == 204
    cookie = response.cookies["refresh_token"]
    assert cookie.value == ""
    assert cookie["path"] == "/api/"
    replay = APIClient()
    replay.cookies["refresh_token"] = raw
    assert replay.post("/api/v1/auth/refresh/").status_code == 401


def test_logout_without_cookie_is_still_204(api):
    assert api.post("/api/v1/auth/logout/").status_code == 204


@pytest.mark.django_db(transaction=True)
def test_concurrent_refreshes_of_one_token_exactly_one_wins(make_user):
    user = make_user()
    api = APIClient()
    raw = _login(api, user).cookies["refresh_token"].value

    def refresh(_index: int) -> int:
        client = APIClient()
        client.cookies["refresh_token"] = raw
        return client.post("/api/v1/auth/refresh/").status_code

    statuses = run_at_once(6, refresh)
    assert sorted(statuses) == [200] + [401] * 5
