"""Telegram sign-in, with payloads signed here exactly as Telegram signs them."""

import hashlib
import hmac
import json
import time
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import override_settings

from apps.accounts.models import User

pytestmark = pytest.mark.django_db


def sign_widget(fields: dict, token: str | None = None) -> dict:
    token = token or settings.TELEGRAM_BOT_TOKEN
    check = "\n".join(f"{k}={fields[k]}" for k in sorted(fields))
    secret = hashlib.sha256(token.encode()).digest()
    return {**fields, "hash": hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()}


def sign_init_data(fields: dict, token: str | None = None) -> str:
    token = token or settings.TELEGRAM_BOT_TOKEN
    check = "\n".join(f"{k}={fields[k]}" for k in sorted(fields))
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    return urlencode({**fields, "hash": hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()})


def widget(**overrides) -> dict:
    fields = {"id": 777001, "first_name": "Ivan", "last_name": "Petrov", "username": "ivanp",
              "photo_url": "https://t.me/i/userpic/320/ivanp.jpg", "auth_date": int(time.time())}
    fields.update(overrides)
    return fields


def test_login_widget_first_login_creates_a_client(api):
    response = api.post("/api/v1/auth/telegram/", sign_widget(widget()), format="json")
    assert response.status_code == 200, response.content
    user = response.json()["user"]
    assert user["role"] == "client"
    assert user["telegram"] == {"id": 777001, "username": "ivanp", "photo_url": "https://t.me/i/userpic/320/ivanp.jpg"}
    assert user["display_name"] == "Ivan Petrov"
    assert "refresh_token" in response.cookies

    again = api.post("/api/v1/auth/telegram/", sign_widget(widget(username="ivan_new")), format="json")
    assert again.status_code == 200
    assert again.json()["user"]["id"] == user["id"]
    assert User.objects.filter(telegram_id=777001).count() == 1
    assert User.objects.get(telegram_id=777001).telegram_username == "ivan_new"


def test_login_widget_without_optional_fields(api):
    fields = {"id": 5, "first_name": "A", "auth_date": int(time.time())}
    assert api.post("/api/v1/auth/telegram/", sign_widget(fields), format="json").status_code == 200


def test_forged_hash_is_401(api):
    payload = sign_widget(widget())
    payload["id"] = 1  # impersonation attempt after signing
    response = api.post("/api/v1/auth/telegram/", payload, format="json")
    assert response.status_code == 401
    assert response.json()["code"] == "telegram_invalid"
    assert not User.objects.filter(telegram_id=1).exists()


def test_signed_with_another_bots_token_is_401(api):
    response = api.post("/api/v1/auth/telegram/", sign_widget(widget(), token="999:other-bot"), format="json")
    assert response.status_code == 401


def test_webapp_signature_is_not_accepted_for_the_widget(api):
    fields = {k: str(v) for k, v in widget().items()}
    check = "\n".join(f"{k}={fields[k]}" for k in sorted(fields))
    secret = hmac.new(b"WebAppData", settings.TELEGRAM_BOT_TOKEN.encode(), hashlib.sha256).digest()
    fields["hash"] = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    assert api.post("/api/v1/auth/telegram/", fields, format="json").status_code == 401


def test_stale_auth_date_is_401(api):
    old = int(time.time()) - 24 * 3600 - 5
    response = api.post("/api/v1/auth/telegram/", sign_widget(widget(auth_date=old)), format="json")
    assert response.status_code == 401
    assert response.json()["code"] == "telegram_expired"


def test_auth_date_in_the_future_is_401(api):
    future = int(time.time()) + 120
    assert api.post("/api/v1/auth/telegram/", sign_widget(widget(auth_date=future)), format="json").status_code == 401
    near = int(time.time()) + 30  # clock skew within 60 s is accepted
    assert api.post("/api/v1/auth/telegram/", sign_widget(widget(auth_date=near)), format="json").status_code == 200


@pytest.mark.parametrize("payload", [
    {},
    {"hash": "abc"},
    {"id": "x", "auth_date": "y", "hash": "z"},
    {"id": {"nested": 1}, "auth_date": 1, "hash": "z"},
    {"init_data": ""},
    {"init_data": 12},
    {"init_data": "%%%&&&==="},
    {"init_data": "user=1&hash=abc&auth_date=notanumber"},
    ["not", "an", "object"],
])
def test_malformed_payloads_are_4xx_never_500(api, payload):
    response = api.post("/api/v1/auth/telegram/", payload, format="json")
    assert response.status_code in (400, 401), response.content
    assert "code" in response.json()


def test_mini_app_init_data(api):
    user = {"id": 4242, "first_name": "Мария", "last_name": "", "username": "masha", "language_code": "ru"}
    fields = {"auth_date": str(int(time.time())), "query_id": "AAE1", "user": json.dumps(user, ensure_ascii=False),
              "signature": "ignored-for-hmac-but-signed"}
    response = api.post("/api/v1/auth/telegram/", {"init_data": sign_init_data(fields)}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()["user"]
    assert body["telegram"]["id"] == 4242
    assert body["display_name"] == "Мария"


def test_mini_app_tampered_user_is_401(api):
    fields = {"auth_date": str(int(time.time())), "user": json.dumps({"id": 1, "first_name": "A"})}
    signed = sign_init_data(fields).replace("%22id%22%3A+1", "%22id%22%3A+2")
    assert "%22id%22%3A+2" in signed
    assert api.post("/api/v1/auth/telegram/", {"init_data": signed}, format="json").status_code == 401


def test_mini_app_stale_is_401(api):
    fields = {"auth_date": str(int(time.time()) - 90000), "user": json.dumps({"id": 1, "first_name": "A"})}
    response = api.post("/api/v1/auth/telegram/", {"init_data": sign_init_data(fields)}, format="json")
    assert response.status_code == 401
    assert response.json()["code"] == "telegram_expired"


@override_settings(TELEGRAM_BOT_TOKEN="")
def test_not_configured_is_503(api):
    response = api.post("/api/v1/auth/telegram/", {"id": 1, "auth_date": 1, "hash": "x"}, format="json")
    assert response.status_code == 503
    assert response.json()["code"] == "telegram_not_configured"


def test_banned_telegram_user_cannot_log_in(api, make_user):
    make_user(telegram_id=777001, is_banned=True)
    response = api.post("/api/v1/auth/telegram/", sign_widget(widget()), format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "banned"
