import pytest

from apps.common.capabilities import Role

pytestmark = pytest.mark.django_db

ME_FIELDS = {"id", "username", "display_name", "email", "role", "admin_role", "capabilities", "telegram",
             "master_profile", "payment_settings", "language"}


def test_me_shape_for_each_role(as_user, make_user):
    client = as_user(make_user(Role.CLIENT)).get("/api/v1/me/").json()
    assert set(client) >= ME_FIELDS
    assert client["role"] == "client" and client["admin_role"] is None
    assert client["capabilities"] == ["appointments.create"]
    assert client["payment_settings"] is None and client["master_profile"] is None

    master = as_user(make_user(Role.MASTER)).get("/api/v1/me/").json()
    assert master["master_profile"]["status"] == "active"
    assert master["payment_settings"] == {"method": "", "recipient": "", "account": "", "instructions": ""}

    admin = as_user(make_user(Role.ADMIN)).get("/api/v1/me/").json()
    assert admin["admin_role"] == "super_admin"
    assert "system.settings" in admin["capabilities"]

    analyst = as_user(make_user(Role.ADMIN, admin_role="analyst")).get("/api/v1/me/").json()
    assert analyst["admin_role"] == "analyst"
    assert "analytics.view" in analyst["capabilities"]
    assert "users.ban" not in analyst["capabilities"]


def test_superuser_counts_as_admin(as_user, make_user):
    body = as_user(make_user(Role.CLIENT, is_superuser=True)).get("/api/v1/me/").json()
    assert body["role"] == "admin" and body["admin_role"] == "super_admin"


def test_patch_me(as_user, client_user):
    api = as_user(client_user)
    response = api.patch("/api/v1/me/", {"display_name": "Анна К.", "email": "anna@example.com", "language": "en"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["display_name"], body["email"], body["language"]) == ("Анна К.", "anna@example.com", "en")
    client_user.refresh_from_db()
    assert client_user.language == "en"


def test_patch_me_validation(as_user, client_user):
    api = as_user(client_user)
    assert api.patch("/api/v1/me/", {"language": "de"}).status_code == 400
    assert api.patch("/api/v1/me/", {"email": "not-an-email"}).status_code == 400
    response = api.patch("/api/v1/me/", {"payment_settings": {"account": "123"}}, format="json")
    assert response.status_code == 400
    # read-only fields are ignored, not applied
    api.patch("/api/v1/me/", {"role": "admin"})
    client_user.refresh_from_db()
    assert client_user.role == "client"


def test_master_updates_payment_settings(as_user, master_user):
    api = as_user(master_user)
    response = api.patch("/api/v1/me/", {"payment_settings": {"method": "Card", "account": "2200 1234 5678 9012",
                                                              "recipient": "Ivan P."}}, format="json")
    assert response.status_code == 200
    assert response.json()["payment_settings"] == {"method": "Card", "recipient": "Ivan P.",
                                                   "account": "2200 1234 5678 9012", "instructions": ""}


def test_dashboard_is_role_aware(as_user, make_user):
    make_user(Role.MASTER, master_status="pending")
    admin = as_user(make_user(Role.ADMIN)).get("/api/v1/dashboard/").json()
    assert admin["role"] == "admin"
    assert admin["masters_pending"] == 1
    assert admin["users_by_role"]["master"] == 1
    client = as_user(make_user(Role.CLIENT)).get("/api/v1/dashboard/").json()
    assert client["role"] == "client"
    assert "users_by_role" not in client


def test_anonymous_gets_401(api):
    assert api.get("/api/v1/me/").status_code == 401
    assert api.get("/api/v1/dashboard/").status_code == 401
