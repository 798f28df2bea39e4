"""Every sign-in, sign-out, registration, profile change and ban leaves an audit entry and a
platform event, with where it came from."""

import pytest
from rest_framework.test import APIClient

from apps.accounts.models import MasterProfile, SiteSettings
from apps.accounts.services import (
    master_set_status,
    site_settings_update,
    user_ban,
    user_change_role,
    user_unban,
)
from apps.common.capabilities import AdminRole, Role
from apps.common.errors import ApplicationError
from apps.platform.audit.models import AuditEntry
from apps.platform.models import PlatformEvent
from apps.platform.notifications.models import Notification
from conftest import PASSWORD

from .test_auth_telegram import sign_widget, widget

pytestmark = pytest.mark.django_db

BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (Android) Firefox", "REMOTE_ADDR": "198.51.100.23",
           "HTTP_X_REQUEST_ID": "req-login-1"}


def _entry(action: str) -> AuditEntry:
    return AuditEntry.objects.get(action=action)


def test_login_is_audited_with_its_origin(api, client_user):
    response = api.post("/api/v1/auth/login/", {"username": client_user.username, "password": PASSWORD}, **BROWSER)
    assert response.status_code == 200
    entry = _entry("auth.login")
    assert (entry.actor, entry.target_id, entry.metadata) == (client_user, str(client_user.pk), {"method": "password"})
    assert (entry.ip, entry.user_agent, entry.request_id) == ("198.51.100.23", BROWSER["HTTP_USER_AGENT"], "req-login-1")
    event = PlatformEvent.objects.get(type="user.logged_in")
    assert event.actor == client_user and event.request_id == "req-login-1"


def test_failed_logins_are_audited_without_the_password(api, client_user):
    api.post("/api/v1/auth/login/", {"username": client_user.username, "password": "Wrong-guess-123"}, **BROWSER)
    api.post("/api/v1/auth/login/", {"username": "ghost", "password": "Wrong-guess-456"}, **BROWSER)
    entries = list(AuditEntry.objects.filter(action="auth.login_failed").order_by("id"))
    assert [(e.actor, e.target_id, e.metadata["username"], e.metadata["reason"]) for e in entries] == [
        (None, str(client_user.pk), client_user.username, "invalid_credentials"),
        (None, "", "ghost", "invalid_credentials"),
    ]
    assert all(e.ip == "198.51.100.23" for e in entries)
    stored = str(list(AuditEntry.objects.values())) + str(list(PlatformEvent.objects.values()))
    assert "Wrong-guess" not in stored
    assert PlatformEvent.objects.filter(type="user.login_failed").count() == 2


def test_a_banned_users_login_attempt_is_audited(api, make_user, admin_user):
    user = make_user()
    user_ban(user=user, actor=admin_user, reason="fraud")
    assert api.post("/api/v1/auth/login/", {"username": user.username, "password": PASSWORD}).status_code == 403
    assert _entry("auth.login_failed").metadata["reason"] == "banned"


def test_logout_is_audited_once(api, client_user):
    api.post("/api/v1/auth/login/", {"username": client_user.username, "password": PASSWORD})
    assert api.post("/api/v1/auth/logout/").status_code == 204
    assert _entry("auth.logout").actor == client_user
    # logging out again with the spent (or no) token records nothing more
    APIClient().post("/api/v1/auth/logout/", {"refresh": "garbage"}, format="json")
    assert AuditEntry.objects.filter(action="auth.logout").count() == 1
    assert PlatformEvent.objects.filter(type="user.logged_out").count() == 1


def test_registration_and_bootstrap_are_audited(api):
    api.post("/api/v1/auth/bootstrap-admin/", {"username": "owner", "password": "Very-secret-42"})
    api.post("/api/v1/auth/register/", {"username": "masha", "password": "Masha-pass-2026", "role": "master"},
             **BROWSER)
    assert _entry("user.admin_bootstrapped").actor_username == "owner"
    registered = _entry("user.registered")
    assert registered.actor_username == "masha" and registered.metadata == {"role": "master", "method": "password"}
    assert registered.ip == "198.51.100.23"
    assert list(PlatformEvent.objects.filter(type="user.registered").values_list("payload__method", flat=True)
                .order_by("id")) == ["bootstrap", "password"]


def test_telegram_sign_in_is_audited(api):
    response = api.post("/api/v1/auth/telegram/", sign_widget(widget(id=4242, username="tg_anna")), format="json")
    assert response.status_code == 200, response.content
    assert _entry("user.registered").metadata["method"] == "telegram"
    assert _entry("auth.login").metadata == {"method": "telegram"}
    forged = {**sign_widget(widget(id=4242)), "hash": "0" * 64}
    assert api.post("/api/v1/auth/telegram/", forged, format="json").status_code == 401
    failed = _entry("auth.login_failed")
    assert failed.metadata["method"] == "telegram" and failed.metadata["reason"] == "telegram_invalid"


def test_profile_update_is_audited_with_its_diff(as_user, make_user):
    master = make_user(Role.MASTER, email="old@example.com")
    api = as_user(master)
    api.patch("/api/v1/me/", {"email": "new@example.com", "payment_settings": {"account": "4081 7810"}},
              format="json")
    entry = _entry("user.profile_updated")
    assert entry.actor == master
    assert entry.changes == {"email": ["old@example.com", "new@example.com"],
                             "payment_settings.account": ["", "4081 7810"]}
    # nothing changed -> nothing recorded
    api.patch("/api/v1/me/", {"email": "new@example.com"}, format="json")
    assert AuditEntry.objects.filter(action="user.profile_updated").count() == 1


def test_ban_and_unban_are_audited(make_user, admin_user):
    user = make_user()
    user_ban(user=user, actor=admin_user, reason="spam")
    user_unban(user=user, actor=admin_user)
    ban, unban = _entry("user.banned"), _entry("user.unbanned")
    assert (ban.actor, ban.reason, ban.changes["is_banned"]) == (admin_user, "spam", [False, True])
    assert unban.changes == {"is_banned": [True, False], "ban_reason": ["spam", ""]}
    assert list(PlatformEvent.objects.filter(subject_id=str(user.pk)).values_list("type", flat=True)
                .order_by("id")) == ["user.banned", "user.unbanned"]


def test_role_change_is_audited_and_notifies_the_user(make_user, admin_user, django_capture_on_commit_callbacks):
    user = make_user(Role.CLIENT)
    with django_capture_on_commit_callbacks(execute=True):
        user_change_role(user=user, actor=admin_user, role=Role.MASTER)
    user.refresh_from_db()
    assert user.role == Role.MASTER and MasterProfile.objects.get(user=user).status == MasterProfile.Status.PENDING
    assert _entry("user.role_changed").changes == {"role": ["client", "master"]}
    assert Notification.objects.get(user=user).type == "system"
    # no change, no entry
    user_change_role(user=user, actor=admin_user, role=Role.MASTER)
    assert AuditEntry.objects.filter(action="user.role_changed").count() == 1


def test_the_last_super_admin_cannot_be_demoted(make_user):
    only = make_user(Role.ADMIN)
    analyst = make_user(Role.ADMIN, admin_role=AdminRole.ANALYST)
    with pytest.raises(ApplicationError) as exc:
        user_change_role(user=only, actor=only, role=Role.ADMIN, admin_role=AdminRole.SUPPORT)
    assert exc.value.code == "last_super_admin"
    user_change_role(user=analyst, actor=only, role=Role.ADMIN, admin_role=AdminRole.SUPER_ADMIN)
    user_change_role(user=only, actor=analyst, role=Role.CLIENT)
    only.refresh_from_db()
    assert only.role == Role.CLIENT and not only.admin_role


@pytest.mark.parametrize("role, admin_role", [("wizard", ""), (Role.CLIENT, AdminRole.SUPPORT), (Role.ADMIN, "boss")])
def test_role_change_validation(make_user, admin_user, role, admin_role):
    with pytest.raises(ApplicationError) as exc:
        user_change_role(user=make_user(), actor=admin_user, role=role, admin_role=admin_role)
    assert exc.value.code == "invalid"


def test_master_status_change_is_audited_and_notifies(make_user, admin_user, django_capture_on_commit_callbacks):
    master = make_user(Role.MASTER, master_status=MasterProfile.Status.PENDING, language="ru")
    with django_capture_on_commit_callbacks(execute=True):
        master_set_status(user=master, actor=admin_user, status=MasterProfile.Status.ACTIVE)
        master_set_status(user=master, actor=admin_user, status=MasterProfile.Status.SUSPENDED, reason="жалобы")
    assert [e.action for e in AuditEntry.objects.order_by("id")] == ["master.activated", "master.suspended"]
    assert list(Notification.objects.filter(user=master).values_list("title", flat=True).order_by("id")) == [
        "Профиль мастера активирован", "Профиль мастера приостановлен"]
    assert "жалобы" in Notification.objects.filter(user=master).order_by("id").last().body


def test_settings_change_is_audited(admin_user):
    site_settings_update(actor=admin_user, data={"registration_open": False, "site_name": "Salon Aurora"})
    entry = _entry("settings.changed")
    assert entry.changes == {"registration_open": [True, False], "site_name": ["Marketplace", "Salon Aurora"]}
    assert SiteSettings.load().site_name == "Salon Aurora"
    assert PlatformEvent.objects.get(type="settings.changed").payload == {"fields": ["registration_open", "site_name"]}


@pytest.mark.django_db(transaction=True)
def test_two_super_admins_demoting_each_other_at_once_leave_one(make_user):
    from apps.platform.tests.test_concurrency import run_at_once

    first, second = make_user(Role.ADMIN), make_user(Role.ADMIN)
    pairs = [(first, second), (second, first)]
    results = run_at_once(2, lambda i: user_change_role(user=pairs[i][0], actor=pairs[i][1], role=Role.CLIENT))
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "User"]
    for user in (first, second):
        user.refresh_from_db()
    assert [first.role, second.role].count(Role.ADMIN) == 1
