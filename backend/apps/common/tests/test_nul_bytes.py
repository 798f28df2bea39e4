"""NUL bytes in a path or a query string never reach a view or the database (PostgreSQL refuses
them in text parameters: a 500 before this)."""

import pytest

from apps.common.capabilities import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["admin/flags/a%00b/", "admin/flags/%00/", "masters/1%00/"])
def test_nul_in_a_path_parameter_is_a_json_404(as_user, make_user, path):
    response = as_user(make_user(Role.ADMIN)).get(f"/api/v1/{path}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


def test_nul_in_a_path_parameter_of_a_write_is_a_404(as_user, make_user):
    admin = as_user(make_user(Role.ADMIN))
    assert admin.patch("/api/v1/admin/flags/a%00b/", {"enabled": True}).status_code == 404
    assert admin.delete("/api/v1/admin/flags/a%00b/").status_code == 404


@pytest.mark.parametrize("query", ["q=a%00b", "role=%00", "a%00=1"])
def test_nul_in_a_query_string_is_a_json_400(as_user, make_user, query):
    response = as_user(make_user(Role.ADMIN)).get(f"/api/v1/admin/users/?{query}")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_unicode"


def test_nul_outside_the_api_is_a_plain_404(client):
    response = client.get("/requests/1%00")
    assert response.status_code == 404
