"""Telegram's signed fields are still input: NUL bytes, control characters and lone surrogates are
refused (400, never a 500 from PostgreSQL), photo_url is kept only as an https: URL."""

import json
import time

import pytest

from apps.accounts.models import User
from apps.accounts.tests.test_auth_telegram import sign_init_data, sign_widget, widget

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("field", ["first_name", "last_name", "username", "photo_url"])
def test_a_signed_widget_field_with_a_nul_byte_is_400(api, field):
    payload = sign_widget(widget(**{field: "Iv\x00an"}))
    # form-encoded: the JSON parser never sees it, the Telegram check must
    response = api.post("/api/v1/auth/telegram/", payload, format="multipart")
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid"
    assert not User.objects.filter(telegram_id=777001).exists()


def test_a_field_name_with_a_nul_byte_is_400_and_not_echoed(api):
    payload = sign_widget({**widget(), "x\x00<b>": "1"})
    response = api.post("/api/v1/auth/telegram/", payload, format="multipart")
    assert response.status_code == 400
    assert "<b>" not in response.json()["detail"]


def test_control_characters_in_a_signed_field_are_400(api):
    response = api.post("/api/v1/auth/telegram/", sign_widget(widget(first_name="a\x1b[31mb")), format="json")
    assert response.status_code == 400


@pytest.mark.parametrize("user_json", [
    '{"id": 42, "first_name": "Iv\\u0000an"}',
    '{"id": 42, "first_name": "Iv\\ud800an"}',
    '{"id": 42, "first_name": "x", "last_name": "a\\u0000"}',
    '{"id": 42, "username": "' + "\\u0000" + '"}',
])
def test_init_data_user_fields_with_nul_or_surrogates_are_400(api, user_json):
    init_data = sign_init_data({"user": user_json, "auth_date": str(int(time.time())), "query_id": "q1"})
    response = api.post("/api/v1/auth/telegram/", {"init_data": init_data}, format="json")
    assert response.status_code == 400, response.content
    assert not User.objects.filter(telegram_id=42).exists()


def test_init_data_field_with_a_nul_byte_is_400(api):
    init_data = sign_init_data({"user": json.dumps({"id": 42, "first_name": "A"}), "auth_date": str(int(time.time())),
                                "start_param": "a\x00b"})
    response = api.post("/api/v1/auth/telegram/", {"init_data": init_data}, format="json")
    assert response.status_code == 400


@pytest.mark.parametrize("url", ["http://t.me/i/userpic/1.jpg", "javascript:alert(1)", "data:image/png;base64,AAAA",
                                 "https://user:pw@t.me/x.jpg", "//t.me/x.jpg", "https:///x.jpg",
                                 "https://t.me/" + "a" * 600])
def test_photo_url_that_is_not_a_plain_https_url_is_dropped(api, url):
    response = api.post("/api/v1/auth/telegram/", sign_widget(widget(photo_url=url)), format="json")
    assert response.status_code == 200, response.content
    assert response.json()["user"]["telegram"]["photo_url"] == ""
    assert User.objects.get(telegram_id=777001).telegram_photo_url == ""


def test_https_photo_url_is_kept_for_the_widget_and_the_mini_app(api):
    response = api.post("/api/v1/auth/telegram/", sign_widget(widget()), format="json")
    assert response.json()["user"]["telegram"]["photo_url"] == "https://t.me/i/userpic/320/ivanp.jpg"
    user = json.dumps({"id": 43, "first_name": "A", "photo_url": "javascript:alert(1)"})
    init_data = sign_init_data({"user": user, "auth_date": str(int(time.time()))})
    mini = api.post("/api/v1/auth/telegram/", {"init_data": init_data}, format="json")
    assert mini.status_code == 200
    assert mini.json()["user"]["telegram"]["photo_url"] == ""
