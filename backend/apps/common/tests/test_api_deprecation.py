"""The unversioned /api/ aliases: same answers as /api/v1/, plus RFC 9745 Deprecation and a Link to
the successor version; /api/v1/ carries neither."""

from datetime import UTC, datetime

import pytest

EXPECTED_DEPRECATION = f"@{int(datetime(2026, 12, 1, tzinfo=UTC).timestamp())}"


@pytest.mark.django_db
def test_alias_says_deprecated_and_links_to_v1(as_user, client_user):
    client = as_user(client_user)
    alias = client.get("/api/me/")
    canonical = client.get("/api/v1/me/")
    assert alias.status_code == canonical.status_code == 200
    assert alias.json() == canonical.json()
    assert alias["Deprecation"] == EXPECTED_DEPRECATION
    assert alias["Link"] == '</api/v1/me/>; rel="successor-version"'
    assert "Deprecation" not in canonical
    assert "Link" not in canonical


@pytest.mark.django_db
def test_successor_keeps_the_query_string(as_user, client_user):
    response = as_user(client_user).get("/api/appointments/?page_size=5&status=NEW&q=%D0%B0%20b")
    assert response.status_code == 200
    assert response["Link"] == (
        '</api/v1/appointments/?page_size=5&status=NEW&q=%D0%B0%20b>; rel="successor-version"'
    )


@pytest.mark.django_db
def test_errors_and_writes_under_the_alias_are_marked_too(api):
    unauthenticated = api.get("/api/me/")
    assert unauthenticated.status_code == 401
    assert unauthenticated.json()["code"] == "not_authenticated"
    assert unauthenticated["Deprecation"] == EXPECTED_DEPRECATION
    login = api.post("/api/auth/login/", {"username": "nobody", "password": "x"}, format="json")
    assert login.status_code in (400, 401)
    assert login["Link"] == '</api/v1/auth/login/>; rel="successor-version"'
    assert "Deprecation" not in api.post("/api/v1/auth/login/", {"username": "n", "password": "x"},
                                         format="json")


@pytest.mark.django_db
def test_health_and_non_api_paths_unmarked(client):
    assert "Deprecation" not in client.get("/healthz")
    assert "Deprecation" not in client.get("/api/v1/health/")
    assert client.get("/api/health/")["Link"] == '</api/v1/health/>; rel="successor-version"'

