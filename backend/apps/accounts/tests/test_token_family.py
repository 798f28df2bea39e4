"""A session's tokens are one family: reusing a spent refresh token revokes all of it (outside a
short grace window for two racing tabs); logout revokes the access token as well."""

from datetime import timedelta

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken
from rest_framework_simplejwt.tokens import RefreshToken

from apps.common.testing import run_at_once
from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _login(user) -> tuple[APIClient, str]:
    api = APIClient()
    response = api.post("/api/v1/auth/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 200
    return api, response.json()["access"]


def _me(access: str) -> int:
    return APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {access}").status_code


def _refresh_with(raw: str):
    client = APIClient()
    client.cookies["refresh_token"] = raw
    return client.post("/api/v1/auth/refresh/")


def _age_spent_tokens(seconds: int) -> None:
    """As if every spend happened `seconds` ago (past the grace window)."""
    for row in BlacklistedToken.objects.all():
        BlacklistedToken.objects.filter(pk=row.pk).update(blacklisted_at=row.blacklisted_at - timedelta(seconds=seconds))


def test_reusing_a_spent_token_revokes_every_descendant(client_user):
    """R1 -> R2 (a thief refreshed first) -> R3; the owner's R1 comes back later: all of it dies."""
    api, first_access = _login(client_user)
    r1 = api.cookies["refresh_token"].value
    second = api.post("/api/v1/auth/refresh/")
    third = api.post("/api/v1/auth/refresh/")
    assert second.status_code == third.status_code == 200
    r3, access3 = api.cookies["refresh_token"].value, third.json()["access"]
    assert _me(access3) == 200
    _age_spent_tokens(60)

    reused = _refresh_with(r1)
    assert reused.status_code == 401
    assert reused.json() == {"detail": "Refresh token was already used.", "code": "token_reused"}
    assert reused.cookies["refresh_token"].value == ""
    # the descendants: the live refresh token and every access token of the session
    assert _refresh_with(r3).status_code == 401
    for access in (first_access, second.json()["access"], access3):
        assert _me(access) == 401


def test_reuse_revokes_only_that_session(client_user):
    phone, _phone_access = _login(client_user)
    laptop, laptop_access = _login(client_user)
    r1 = phone.cookies["refresh_token"].value
    assert phone.post("/api/v1/auth/refresh/").status_code == 200
    _age_spent_tokens(60)
    assert _refresh_with(r1).status_code == 401
    assert _me(laptop_access) == 200
    assert laptop.post("/api/v1/auth/refresh/").status_code == 200


def test_two_tabs_racing_within_the_grace_window_keep_the_session(client_user):
    api, _access = _login(client_user)
    r1 = api.cookies["refresh_token"].value
    winner = api.post("/api/v1/auth/refresh/")
    assert winner.status_code == 200
    loser = _refresh_with(r1)  # the other tab, a moment later, with the old cookie
    assert loser.status_code == 401
    assert loser.json()["code"] == "token_reused"
    assert "refresh_token" not in loser.cookies  # the winner's cookie stays in the shared jar
    assert _me(winner.json()["access"]) == 200
    assert api.post("/api/v1/auth/refresh/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_concurrent_refreshes_keep_the_session_alive(make_user):
    user = make_user()
    api, _access = _login(user)
    raw = api.cookies["refresh_token"].value

    def refresh(_index: int):
        return _refresh_with(raw)

    responses = run_at_once(6, refresh)
    assert sorted(r.status_code for r in responses) == [200] + [401] * 5
    winner = next(r for r in responses if r.status_code == 200)
    assert _me(winner.json()["access"]) == 200
    assert _refresh_with(winner.cookies["refresh_token"].value).status_code == 200


def test_logout_revokes_the_access_token_of_the_session(client_user):
    api, access = _login(client_user)
    refreshed = api.post("/api/v1/auth/refresh/").json()["access"]
    assert _me(access) == _me(refreshed) == 200
    assert api.post("/api/v1/auth/logout/").status_code == 204  # the SPA sends no bearer
    for token in (access, refreshed):
        response = APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {token}")
        assert response.status_code == 401
        assert response.json()["code"] == "token_not_valid"


def test_logout_leaves_the_other_sessions_alone(client_user):
    phone, phone_access = _login(client_user)
    laptop, laptop_access = _login(client_user)
    assert phone.post("/api/v1/auth/logout/").status_code == 204
    assert _me(phone_access) == 401
    assert _me(laptop_access) == 200
    assert laptop.post("/api/v1/auth/refresh/").status_code == 200


def test_a_bearer_sent_with_logout_is_denied_by_its_jti(client_user):
    api, _access = _login(client_user)
    other = str(RefreshToken.for_user(client_user).access_token)  # no family: only its jti can deny it
    assert _me(other) == 200
    assert api.post("/api/v1/auth/logout/", HTTP_AUTHORIZATION=f"Bearer {other}").status_code == 204
    assert _me(other) == 401


def test_logout_with_garbage_tokens_is_still_204(client_user):
    api, access = _login(client_user)
    response = api.post("/api/v1/auth/logout/", HTTP_AUTHORIZATION="Bearer not.a.token")
    assert response.status_code == 204
    assert _me(access) == 401
