"""A ban holds in /django-admin/ too: no sign-in through its form, an open session ends at once."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from apps.accounts.services import user_ban
from apps.common.capabilities import Role
from apps.platform.audit.models import AuditEntry
from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _admin_client(user) -> Client:
    client = Client()
    response = client.post("/django-admin/login/?next=/django-admin/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return client


def test_a_banned_superuser_cannot_sign_in_to_the_django_admin(make_user, admin_user):
    superuser = make_user(Role.ADMIN, is_superuser=True)
    user_ban(user=superuser, actor=admin_user, reason="compromised")
    client = Client()
    response = client.post("/django-admin/login/?next=/django-admin/",
                           {"username": superuser.username, "password": PASSWORD})
    assert response.status_code == 200
    assert "заблокирована" in response.content.decode()
    assert client.get("/django-admin/").status_code == 302  # back to the login page
    entry = AuditEntry.objects.filter(action="auth.login_failed").latest("id")
    assert entry.metadata == {"method": "django_admin", "reason": "banned", "username": superuser.username}


def test_banning_ends_the_open_django_admin_session(make_user, admin_user):
    superuser = make_user(Role.ADMIN, is_superuser=True)
    other = make_user(Role.ADMIN, is_superuser=True)
    client, bystander = _admin_client(superuser), _admin_client(other)
    assert client.get(f"/django-admin/accounts/user/{other.pk}/change/").status_code == 200
    assert Session.objects.count() == 2

    user_ban(user=superuser, actor=admin_user, reason="compromised")

    assert Session.objects.count() == 1  # only the bystander's session is left
    response = client.get(f"/django-admin/accounts/user/{other.pk}/change/")
    assert response.status_code == 302
    assert response["Location"].startswith("/django-admin/login/")
    assert bystander.get("/django-admin/").status_code == 200


def test_a_ban_holds_for_an_open_session_even_when_it_is_not_deleted(make_user):
    """The session row survives (e.g. a ban written straight to the table): every request checks."""
    superuser = make_user(Role.ADMIN, is_superuser=True)
    client = _admin_client(superuser)
    type(superuser).objects.filter(pk=superuser.pk).update(is_banned=True)
    response = client.post(f"/django-admin/accounts/user/{superuser.pk}/change/", {"username": "renamed"})
    assert response.status_code == 302
    assert response["Location"].startswith("/django-admin/login/")
    superuser.refresh_from_db()
    assert superuser.username != "renamed"


def test_banning_through_the_django_admin_form_ends_that_user_s_sessions(make_user):
    target = make_user(Role.ADMIN, is_superuser=True)
    target_client = _admin_client(target)
    operator = _admin_client(make_user(Role.ADMIN, is_superuser=True))
    change = operator.get(f"/django-admin/accounts/user/{target.pk}/change/")
    form = change.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, (list, tuple))}
    data.update({"is_banned": "on", "ban_reason": "stolen", "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00",
                 "master_profile-TOTAL_FORMS": "0", "master_profile-INITIAL_FORMS": "0"})
    data.pop("password", None)
    data.pop("date_joined", None)
    data.pop("last_login", None)
    response = operator.post(f"/django-admin/accounts/user/{target.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    target.refresh_from_db()
    assert target.is_banned
    assert target_client.get("/django-admin/").status_code == 302
