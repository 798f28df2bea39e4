"""One JSON parser for the whole API: deep nesting, invalid text, oversize and garbage are 400/413
with `{detail, code}` on every endpoint, anonymous ones included, never a 500."""

import pytest
from rest_framework.test import APIClient

from apps.common.capabilities import Role
from apps.common.parsers import MAX_JSON_DEPTH

pytestmark = pytest.mark.django_db

ANONYMOUS_JSON_ENDPOINTS = ["auth/login/", "auth/register/", "auth/telegram/", "auth/refresh/", "auth/logout/",
                            "auth/bootstrap-admin/"]


def post_raw(client, path, body: str | bytes, content_type="application/json"):
    return client.post(f"/api/v1/{path}", data=body, content_type=content_type)


@pytest.mark.parametrize("path", ANONYMOUS_JSON_ENDPOINTS)
def test_deeply_nested_json_is_a_400_on_anonymous_endpoints(path):
    response = post_raw(APIClient(), path, "[" * 10000)
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "json_too_deep"
    assert set(response.json()) >= {"detail", "code"}


def test_deep_objects_inside_a_valid_body_are_refused_too(as_user, client_user):
    body = '{"display_name": ' + '{"a": ' * 5000 + "1" + "}" * 5000 + "}"
    response = as_user(client_user).patch("/api/v1/me/", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "json_too_deep"


def test_nesting_within_the_limit_reaches_the_view(as_user, client_user):
    # brackets inside strings don't count
    body = '{"display_name": "' + "[" * 100 + '", "x": ' + "[" * (MAX_JSON_DEPTH - 1) + "]" * (MAX_JSON_DEPTH - 1) + "}"
    response = as_user(client_user).patch("/api/v1/me/", data=body, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["display_name"] == "[" * 100


@pytest.mark.parametrize("body", ['{"username": "a", "password": ', "not json", '{"a": NaN}', b"\xff\xfe{}"])
def test_malformed_json_is_a_parse_error(body):
    response = post_raw(APIClient(), "auth/login/", body)
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_an_oversized_json_body_is_413(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = post_raw(APIClient(), "auth/login/", '{"username": "' + "a" * 2000 + '"}')
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"


LONE_SURROGATE = '"\\ud800"'


@pytest.mark.parametrize("path", ["auth/refresh/", "auth/logout/", "auth/login/"])
def test_a_lone_surrogate_is_refused_at_parse_time_on_token_endpoints(path):
    for body in ('{"refresh": ' + LONE_SURROGATE + "}", '{"username": ' + LONE_SURROGATE + ', "password": "x"}'):
        response = post_raw(APIClient(), path, body)
        assert response.status_code == 400, (path, response.content)
        assert response.json()["code"] == "invalid_unicode"


def test_a_lone_surrogate_in_telegram_fields_is_refused():
    body = '{"id": 1, "first_name": ' + LONE_SURROGATE + ', "auth_date": 1, "hash": "ab"}'
    response = post_raw(APIClient(), "auth/telegram/", body)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_unicode"


def test_surrogates_in_keys_low_surrogates_and_nul_escapes_are_refused():
    for body in ('{"\\udfff": 1}', '{"username": "a\\udc00b", "password": "x"}', '{"username": "a\\u0000"}',
                 '["ok", {"deep": ["\\ud83d"]}]'):
        response = post_raw(APIClient(), "auth/login/", body)
        assert response.status_code == 400, body
        assert response.json()["code"] == "invalid_unicode", body


def test_a_valid_surrogate_pair_and_an_escaped_backslash_are_ordinary_text(as_user, client_user):
    body = '{"display_name": "\\ud83d\\ude00 \\\\ud800 \\\\u0000"}'
    response = as_user(client_user).patch("/api/v1/me/", data=body, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["display_name"] == "\U0001f600 \\ud800 \\u0000"


def test_choice_and_admin_fields_with_a_lone_surrogate_are_400_not_500(as_user, make_user, make_appointment):
    admin = as_user(make_user(Role.ADMIN))
    client = make_user(Role.CLIENT)
    appointment = make_appointment("COMPLETED", client=client)
    cases = [
        (as_user(client), "patch", "me/", '{"language": ' + LONE_SURROGATE + "}"),
        (as_user(client), "post", f"appointments/{appointment.pk}/review-master/",
         '{"rating": 5, "flags": [' + LONE_SURROGATE + "]}"),
        (admin, "post", f"admin/users/{client.pk}/role/", '{"role": ' + LONE_SURROGATE + "}"),
        (admin, "post", f"admin/users/{client.pk}/role/", '{"role": "admin", "admin_role": ' + LONE_SURROGATE + "}"),
        (admin, "post", f"admin/appointments/{appointment.pk}/set-status/",
         '{"status": ' + LONE_SURROGATE + ', "reason": "x"}'),
        (admin, "post", "admin/flags/", '{"key": "k1", "roles": [' + LONE_SURROGATE + "]}"),
        (admin, "post", "admin/system/run-action/", '{"action": "run_job", "params": {"name": ' + LONE_SURROGATE + "}}"),
    ]
    for client_api, method, path, body in cases:
        response = getattr(client_api, method)(f"/api/v1/{path}", data=body, content_type="application/json")
        assert response.status_code == 400, (path, response.content)
        assert response.json()["code"] == "invalid_unicode"


def test_the_renderer_escapes_a_surrogate_instead_of_failing():
    from apps.common.renderers import JSONRenderer

    rendered = JSONRenderer().render({"detail": "\ud800 и"})
    assert rendered == b'{"detail":"\\ud800 \\u0438"}'
    assert JSONRenderer().render({"detail": "и"}) == '{"detail":"и"}'.encode()


def test_multipart_and_form_bodies_still_parse(as_user, client_user):
    response = as_user(client_user).patch("/api/v1/me/", data="display_name=Form+Name",
                                          content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert response.json()["display_name"] == "Form Name"


def test_invalid_text_names_the_field_but_never_echoes_it():
    response = post_raw(APIClient(), "auth/login/", '{"username": "<b>\\ud800", "password": "x"}')
    body = response.json()
    assert body["code"] == "invalid_unicode"
    assert list(body["errors"]) == ["username"]
    assert "<b>" not in response.content.decode()
    nested = post_raw(APIClient(), "auth/login/", '[{"a": "\\u0000"}]').json()
    assert list(nested["errors"]) == ["non_field_errors"]


def test_the_api_renderer_escapes_a_surrogate_instead_of_failing():
    from apps.common.renderers import ORJSONRenderer

    assert ORJSONRenderer().render({"detail": "\ud800 и"}) == b'{"detail":"\\ud800 \\u0438"}'
