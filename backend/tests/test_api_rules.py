"""Baseline rules of the API that every client relies on (the report's baseline file)."""

import json
import re

import pytest
from django.urls import get_resolver

from apps.common.capabilities import Role

pytestmark = pytest.mark.django_db


def _api_routes() -> list[str]:
    """Every URL pattern under the canonical prefix, as a path template."""
    routes = []
    for pattern in get_resolver().url_patterns:
        if str(pattern.pattern) == "api/v1/":
            def walk(patterns, prefix):
                for p in patterns:
                    if hasattr(p, "url_patterns"):
                        walk(p.url_patterns, prefix + str(p.pattern))
                    else:
                        routes.append(prefix + str(p.pattern))
            walk(pattern.url_patterns, "")
    return routes


def test_every_canonical_route_has_an_alias_under_api():
    resolver = get_resolver()
    for route in _api_routes():
        concrete = re.sub(r"\(\?P<\w+>[^)]+\)|<[^>]+>", "1", route).replace("^", "").replace("$", "")
        concrete = "/" + concrete.replace("\\", "")
        v1 = resolver.resolve("/api/v1/" + concrete.lstrip("/"))
        legacy = resolver.resolve("/api/" + concrete.lstrip("/"))
        assert v1.func == legacy.func, route


@pytest.mark.parametrize("path", ["auth/bootstrap-status/", "health/", "site/"])
def test_public_endpoints_answer_the_same_under_both_prefixes(api, path):
    v1 = api.get(f"/api/v1/{path}")
    legacy = api.get(f"/api/{path}")
    assert v1.status_code == legacy.status_code == 200
    assert v1.json() == legacy.json()


def test_me_and_dashboard_answer_the_same_under_both_prefixes(as_user, make_user):
    client = as_user(make_user(Role.MASTER))
    for path in ("me/", "dashboard/"):
        v1, legacy = client.get(f"/api/v1/{path}"), client.get(f"/api/{path}")
        assert v1.status_code == legacy.status_code == 200
        assert v1.json() == legacy.json()


def test_healthz_is_liveness_without_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_health_checks_the_database(client):
    response = client.get("/api/health/")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_bootstrap_then_login_flow(api):
    assert api.get("/api/auth/bootstrap-status/").json() == {"needs_bootstrap": True}
    created = api.post("/api/auth/bootstrap-admin/", {"username": "owner", "password": "Very-secret-42"})
    assert created.status_code == 201, created.content
    assert created.json()["user"]["role"] == "admin"
    assert created.json()["user"]["admin_role"] == "super_admin"
    assert api.get("/api/auth/bootstrap-status/").json() == {"needs_bootstrap": False}
    again = api.post("/api/auth/bootstrap-admin/", {"username": "other", "password": "Very-secret-42"})
    assert again.status_code == 409
    assert again.json()["code"] == "already_bootstrapped"
    login = api.post("/api/auth/login/", {"username": "owner", "password": "Very-secret-42"})
    assert login.status_code == 200
    assert set(login.json()) == {"access", "user"}


def test_unknown_api_path_is_a_json_404(api):
    response = api.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_errors_carry_detail_and_code(api):
    response = api.get("/api/v1/me/")
    assert response.status_code == 401
    body = response.json()
    assert set(body) >= {"detail", "code"}
    assert body["code"] == "not_authenticated"

    bad = api.post("/api/v1/auth/login/", {"username": ""}, format="json")
    assert bad.status_code == 400
    assert bad.json()["code"] in {"required", "blank"}
    assert "password" in bad.json()["errors"]


def test_malformed_json_is_a_400_not_a_500(api):
    response = api.generic("POST", "/api/v1/auth/login/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_request_id_is_echoed_or_generated(api):
    given = api.get("/api/v1/health/", HTTP_X_REQUEST_ID="abc-123")
    assert given["X-Request-ID"] == "abc-123"
    generated = api.get("/api/v1/health/", HTTP_X_REQUEST_ID="bad value with spaces\n")
    assert generated["X-Request-ID"] != "bad value with spaces\n"
    assert len(generated["X-Request-ID"]) == 32


def test_openapi_schema_is_served_and_canonical(api):
    response = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert "/api/v1/auth/login/" in schema["paths"]
    assert not any(p.startswith("/api/auth") for p in schema["paths"])
    assert api.get("/api/v1/docs/").status_code == 200


def test_django_admin_is_mounted(client):
    response = client.get("/django-admin/")
    assert response.status_code == 302
    assert "/django-admin/login/" in response["Location"]


def test_spa_fallback_serves_html_for_client_routes(client):
    response = client.get("/appointments/42")
    assert response.status_code == 200
    assert b"<html" in b"".join(response.streaming_content if response.streaming else [response.content]).lower()
