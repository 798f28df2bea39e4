import pytest
from rest_framework.test import APIClient

from apps.accounts.services import user_ban, user_unban
from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_ban_locks_out_every_way_in(make_user, admin_user):
    user = make_user()
    api = APIClient()
    login = api.post("/api/v1/auth/login/", {"username": user.username, "password": PASSWORD})
    access = login.json()["access"]
    bearer = APIClient()
    bearer.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    assert bearer.get("/api/v1/me/").status_code == 200

    user_ban(user=user, actor=admin_user, reason="fraud")

    # the still-valid access token is refused on every authenticated endpoint
    for path in ("/api/v1/me/", "/api/v1/dashboard/", "/api/me/"):
        response = bearer.get(path)
        assert response.status_code == 403, path
        assert response.json()["code"] == "banned"
    # refresh tokens were revoked at ban time
    refreshed = api.post("/api/v1/auth/refresh/")
    assert refreshed.status_code == 403
    assert refreshed.json()["code"] == "banned"
    # and login is refused with the right password (and only then reveals the ban)
    login = APIClient().post("/api/v1/auth/login/", {"username": user.username, "password": PASSWORD})
    assert login.status_code == 403
    assert login.json()["code"] == "banned"
    wrong = APIClient().post("/api/v1/auth/login/", {"username": user.username, "password": "wrong-password"})
    assert wrong.status_code == 401

    user_unban(user=user, actor=admin_user)
    assert bearer.get("/api/v1/me/").status_code == 200
    # the old refresh token stays revoked after unban: a fresh login is needed
    assert api.post("/api/v1/auth/refresh/").status_code == 401
    assert APIClient().post("/api/v1/auth/login/", {"username": user.username, "password": PASSWORD}).status_code == 200


def test_ban_revokes_all_outstanding_refresh_tokens(make_user, admin_user):
    from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

    user = make_user()
    for _ in range(3):
        APIClient().post("/api/v1/auth/login/", {"username": user.username, "password": PASSWORD})
    user_ban(user=user, actor=admin_user, reason="spam")
    live = OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True)
    assert not live.exists()
    user.refresh_from_db()
    assert user.is_banned and user.ban_reason == "spam" and user.banned_by == admin_user
