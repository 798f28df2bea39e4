"""Passwords people can keep: change one's own, reset a forgotten one by email (through a real SMTP
server on loopback), every change signing the other sessions out."""

import re
from email import message_from_bytes, policy
from urllib.parse import parse_qs, urlparse

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from apps.common.capabilities import Role
from apps.platform.audit.models import AuditEntry
from apps.platform.events.models import PlatformEvent
from apps.platform.tests.conftest import email_settings, smtp_port, smtp_server  # noqa: F401  (fixtures)
from conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Another-str0ng-phrase"
PREFIXES = ["/api/v1", "/api"]


def _login(user, password=PASSWORD) -> APIClient:
    api = APIClient()
    response = api.post("/api/v1/auth/login/", {"username": user.username, "password": password})
    assert response.status_code == 200, response.content
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['access']}")
    return api


def _can_log_in(user, password) -> bool:
    return APIClient().post("/api/v1/auth/login/", {"username": user.username, "password": password}).status_code == 200


def _live_refresh_tokens(user) -> int:
    return OutstandingToken.objects.filter(user=user).exclude(
        pk__in=BlacklistedToken.objects.values("token_id")).count()


# --- change -----------------------------------------------------------------------------------

@pytest.mark.parametrize("prefix", PREFIXES)
def test_change_password_signs_out_the_other_sessions_and_keeps_this_one(prefix, client_user):
    phone, laptop = _login(client_user), _login(client_user)
    response = laptop.post(f"{prefix}/me/password/", {"current_password": PASSWORD, "new_password": NEW_PASSWORD})
    assert response.status_code == 204, response.content
    assert response.content == b""
    # this session got a fresh refresh cookie, the only live one
    assert laptop.post("/api/v1/auth/refresh/").status_code == 200
    assert _live_refresh_tokens(client_user) == 1
    # the other device can't refresh any more
    assert phone.post("/api/v1/auth/refresh/").status_code == 401
    assert _can_log_in(client_user, NEW_PASSWORD) and not _can_log_in(client_user, PASSWORD)
    assert AuditEntry.objects.filter(action="user.password_changed", target_id=str(client_user.pk)).count() == 1
    assert PlatformEvent.objects.filter(type="user.password_changed", actor=client_user).count() == 1


def test_wrong_current_password(client_user):
    api = _login(client_user)
    response = api.post("/api/v1/me/password/", {"current_password": "nope", "new_password": NEW_PASSWORD})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_password" and "current_password" in body["errors"]
    assert _can_log_in(client_user, PASSWORD)


@pytest.mark.parametrize(("new_password", "language", "fragment"), [
    ("short", "en", "too short"),
    ("12345678901", "en", "entirely numeric"),
    ("password123", "ru", "слишком широко распространён"),
])
def test_password_validators_apply_in_the_users_language(new_password, language, fragment, make_user):
    user = make_user(language=language)
    response = _login(user).post("/api/v1/me/password/", {"current_password": PASSWORD, "new_password": new_password})
    assert response.status_code == 400
    errors = response.json()["errors"]["new_password"]
    assert any(fragment in e for e in errors), errors
    assert _can_log_in(user, PASSWORD)


def test_change_password_needs_a_session(api):
    response = api.post("/api/v1/me/password/", {"current_password": PASSWORD, "new_password": NEW_PASSWORD})
    assert response.status_code == 401


def test_change_password_is_throttled(client_user, settings):
    api = _login(client_user)
    codes = [api.post("/api/v1/me/password/", {"current_password": "wrong", "new_password": NEW_PASSWORD}).status_code
             for _ in range(21)]
    assert codes[:20] == [400] * 20 and codes[20] == 429


# --- reset ------------------------------------------------------------------------------------

def _reset_link(envelope) -> tuple[str, dict]:
    message = message_from_bytes(envelope.original_content, policy=policy.default)
    [link] = re.findall(r"https?://\S+", message.get_content())
    query = {k: v[0] for k, v in parse_qs(urlparse(link).query).items()}
    return link, query


def test_reset_by_email_end_to_end(smtp_server, make_user, settings, django_capture_on_commit_callbacks):  # noqa: F811
    settings.SITE_URL = "https://market.example"
    settings.DEFAULT_FROM_EMAIL = "market@example.com"
    user = make_user(email="Olga@Example.com", language="ru", display_name="Ольга Л.")
    old_session = _login(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = APIClient().post("/api/auth/password-reset/", {"email": "olga@example.com"})
    assert response.status_code == 202 and response.content == b""

    [envelope] = smtp_server.messages
    assert envelope.rcpt_tos == ["Olga@Example.com"] and envelope.mail_from == "market@example.com"
    message = message_from_bytes(envelope.original_content, policy=policy.default)
    assert message["Subject"] == "Сброс пароля — Marketplace"
    assert "Здравствуйте, Ольга Л.!" in message.get_content() and "действует 1 час" in message.get_content()
    link, query = _reset_link(envelope)
    assert link.startswith("https://market.example/reset-password?uid=")
    assert set(query) == {"uid", "token"}

    confirm = {"uid": query["uid"], "token": query["token"], "new_password": NEW_PASSWORD}
    assert APIClient().post("/api/v1/auth/password-reset/confirm/", confirm).status_code == 204
    assert _can_log_in(user, NEW_PASSWORD) and not _can_log_in(user, PASSWORD)
    assert old_session.post("/api/v1/auth/refresh/").status_code == 401  # every session signed out

    # the link works once
    again = APIClient().post("/api/v1/auth/password-reset/confirm/", {**confirm, "new_password": "Yet-an0ther-one"})
    assert again.status_code == 400 and again.json()["code"] == "reset_link_invalid"
    assert _can_log_in(user, NEW_PASSWORD)
    assert AuditEntry.objects.filter(action="user.password_reset", target_id=str(user.pk)).count() == 1


def test_unknown_address_answers_the_same_and_sends_nothing(smtp_server, make_user,  # noqa: F811
                                                            django_capture_on_commit_callbacks):
    make_user(email="known@example.com")
    telegram_only = make_user(email="tg@example.com")
    telegram_only.set_unusable_password()
    telegram_only.save()
    banned = make_user(email="banned@example.com", is_banned=True)
    answers = []
    for email in ("nobody@example.com", "tg@example.com", banned.email, "known@example.com"):
        with django_capture_on_commit_callbacks(execute=True):
            response = APIClient().post("/api/v1/auth/password-reset/", {"email": email})
        answers.append((response.status_code, response.content))
    assert answers == [(202, b"")] * 4
    assert [e.rcpt_tos for e in smtp_server.messages] == [["known@example.com"]]


def test_the_link_points_at_the_requests_host_without_site_url(smtp_server, make_user, settings,  # noqa: F811
                                                               django_capture_on_commit_callbacks):
    settings.SITE_URL = ""
    make_user(email="a@example.com", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        APIClient().post("/api/v1/auth/password-reset/", {"email": "a@example.com"}, HTTP_HOST="localhost:8000")
    [envelope] = smtp_server.messages
    link, _query = _reset_link(envelope)
    assert link.startswith("http://localhost:8000/reset-password?uid=")
    assert message_from_bytes(envelope.original_content, policy=policy.default)["Subject"] == "Reset your password — Marketplace"


def test_without_email_nothing_is_sent_and_the_site_says_so(make_user, settings, django_capture_on_commit_callbacks):
    from django.core import mail

    settings.EMAIL_ENABLED = False
    make_user(email="a@example.com")
    assert APIClient().get("/api/v1/site/").json()["password_reset_enabled"] is False
    with django_capture_on_commit_callbacks(execute=True):
        assert APIClient().post("/api/v1/auth/password-reset/", {"email": "a@example.com"}).status_code == 202
    assert mail.outbox == []
    settings.EMAIL_ENABLED = True
    assert APIClient().get("/api/v1/site/").json()["password_reset_enabled"] is True


@pytest.mark.parametrize("broken", ["uid", "token"])
def test_a_tampered_link_is_refused(broken, make_user):
    from apps.accounts.passwords import reset_link

    user = make_user()
    query = {k: v[0] for k, v in parse_qs(urlparse(reset_link(user, "http://x")).query).items()}
    query[broken] = "MQ" if broken == "uid" and query["uid"] != "MQ" else query[broken][:-2] + "zz"
    response = APIClient().post("/api/v1/auth/password-reset/confirm/", {**query, "new_password": NEW_PASSWORD})
    assert response.status_code == 400 and response.json()["code"] == "reset_link_invalid"
    assert _can_log_in(user, PASSWORD)


def test_an_expired_link_is_refused(make_user, settings):
    from apps.accounts.passwords import reset_link

    user = make_user()
    query = {k: v[0] for k, v in parse_qs(urlparse(reset_link(user, "http://x")).query).items()}
    settings.PASSWORD_RESET_TIMEOUT = -1
    response = APIClient().post("/api/v1/auth/password-reset/confirm/", {**query, "new_password": NEW_PASSWORD})
    assert response.json()["code"] == "reset_link_invalid"


def test_reset_confirm_applies_the_validators(make_user):
    from apps.accounts.passwords import reset_link

    user = make_user(language="en")
    query = {k: v[0] for k, v in parse_qs(urlparse(reset_link(user, "http://x")).query).items()}
    response = APIClient().post("/api/v1/auth/password-reset/confirm/", {**query, "new_password": "123"})
    assert response.status_code == 400 and "new_password" in response.json()["errors"]
    # the link still works for a better password
    assert APIClient().post("/api/v1/auth/password-reset/confirm/",
                            {**query, "new_password": NEW_PASSWORD}).status_code == 204


def test_reset_requests_are_throttled_per_email_and_per_address(make_user):
    codes = [APIClient().post("/api/v1/auth/password-reset/", {"email": "x@example.com"},
                              REMOTE_ADDR=f"10.0.0.{i}").status_code for i in range(4)]
    assert codes == [202, 202, 202, 429]  # 3/hour per address, from anywhere
    codes = [APIClient().post("/api/v1/auth/password-reset/", {"email": f"u{i}@example.com"},
                              REMOTE_ADDR="10.0.1.1").status_code for i in range(11)]
    assert codes == [202] * 10 + [429]  # 10/hour per address


# --- the master's public text -----------------------------------------------------------------

def test_a_master_edits_the_about_text(make_user, as_user, api):
    master = make_user(Role.MASTER)
    response = as_user(master).patch("/api/v1/me/", {"bio": "  Парикмахер-стилист, 8 лет опыта.  "})
    assert response.status_code == 200, response.content
    assert response.json()["master_profile"]["bio"] == "Парикмахер-стилист, 8 лет опыта."
    assert api.get(f"/api/v1/masters/{master.pk}/").json()["bio"] == "Парикмахер-стилист, 8 лет опыта."
    entry = AuditEntry.objects.get(action="user.profile_updated")
    assert entry.changes == {"bio": ["", "Парикмахер-стилист, 8 лет опыта."]}


def test_bio_is_for_masters_and_bounded(make_user, as_user):
    client = make_user(Role.CLIENT, display_name="Before")
    response = as_user(client).patch("/api/v1/me/", {"bio": "hi", "display_name": "After"})
    assert response.status_code == 400 and "bio" in response.json()["errors"]
    client.refresh_from_db()
    assert client.display_name == "Before"  # nothing half-written
    too_long = as_user(make_user(Role.MASTER)).patch("/api/v1/me/", {"bio": "x" * 2001})
    assert too_long.status_code == 400 and "bio" in too_long.json()["errors"]
