import json
import os
import re

import pytest
from django.conf import settings

from apps.common.spa import route_pattern


def test_hashed_spa_assets_are_immutable_and_the_rest_is_not():
    immutable = re.compile(settings.WHITENOISE_IMMUTABLE_FILE_TEST)
    assert immutable.match("/assets/index-DmbeFVCS.js")
    assert immutable.match("/assets/errors-Ab_c-123.css")
    assert not immutable.match("/index.html")
    assert not immutable.match("/favicon.svg")
    assert not immutable.match("/assets/logo.svg")


def test_spa_index_is_never_cached(client, settings, tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><html><body>app</body></html>")
    settings.FRONTEND_DIST_DIR = tmp_path
    response = client.get("/requests/12")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-cache"
    assert b"app" in b"".join(response.streaming_content)


def _build(tmp_path, routes):
    (tmp_path / "index.html").write_text("<!doctype html><html><body>app</body></html>")
    (tmp_path / "routes.json").write_text(json.dumps({"routes": routes}))
    return tmp_path


ROUTES = ["/", "/login", "/appointments", "/appointments/new", "/appointments/:id", "/admin/users", "/masters/:id"]


@pytest.mark.parametrize("path", ["/", "/login", "/appointments", "/appointments/new", "/appointments/42", "/appointments/42/",
                                  "/admin/users", "/masters/7", "/login?next=/profile"])
def test_the_spas_routes_get_its_index_page(client, settings, tmp_path, path):
    settings.FRONTEND_DIST_DIR = _build(tmp_path, ROUTES)
    response = client.get(path)
    assert response.status_code == 200
    assert b"app" in b"".join(response.streaming_content)


@pytest.mark.parametrize("path", ["/nope", "/appointments/42/edit", "/admin", "/admin/unknown", "/masters", "/favicon.png",
                                  "/login/extra"])
def test_an_unknown_path_is_404_with_the_spas_not_found_page(client, settings, tmp_path, path):
    settings.FRONTEND_DIST_DIR = _build(tmp_path, ROUTES)
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert response["Cache-Control"] == "no-cache"
    # The SPA itself renders the not-found page, in the visitor's language.
    assert b"app" in b"".join(response.streaming_content)


def test_a_new_build_with_new_routes_is_picked_up(client, settings, tmp_path):
    settings.FRONTEND_DIST_DIR = _build(tmp_path, ["/"])
    assert client.get("/reports").status_code == 404
    manifest = tmp_path / "routes.json"
    manifest.write_text(json.dumps({"routes": ["/", "/reports"]}))
    stat = manifest.stat()
    os.utime(manifest, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert client.get("/reports").status_code == 200


def test_a_build_without_a_manifest_serves_every_path(client, settings, tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><html><body>app</body></html>")
    settings.FRONTEND_DIST_DIR = tmp_path
    assert client.get("/anything/at/all").status_code == 200


def test_the_route_patterns_take_one_segment_per_param():
    pattern = route_pattern("/appointments/:id")
    assert pattern.match("/appointments/7")
    assert not pattern.match("/appointments/")
    assert not pattern.match("/appointments/7/events")
    assert route_pattern("/").match("/")
    assert not route_pattern("/").match("/x")

