"""The SPA gets the same Content-Security-Policy (and Permissions-Policy, opener policy) from
Django under `make run` as from nginx in production: one source, apps/common/csp.py."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from apps.common.csp import SPA_CONTENT_SECURITY_POLICY, SPA_HEADERS

SNIPPETS = Path(settings.REPO_DIR) / "frontend" / "nginx" / "snippets" / "marketplace"


def nginx_headers() -> dict[str, str]:
    """Every `add_header Name "value" always;` of the SPA's snippets."""
    headers = {}
    for name in ("security-headers.conf", "spa-csp.conf"):
        text = (SNIPPETS / name).read_text()
        for header, value in re.findall(r'^\s*add_header\s+([\w-]+)\s+"([^"]*)"\s+always;', text, re.M):
            headers[header] = value
    return headers


def test_nginx_sends_exactly_the_policy_django_sends():
    nginx = nginx_headers()
    for header, value in SPA_HEADERS.items():
        assert nginx.get(header) == value, header


def test_the_policy_covers_the_telegram_widget():
    assert "https://telegram.org" in SPA_CONTENT_SECURITY_POLICY["script-src"]
    assert "'unsafe-eval'" in SPA_CONTENT_SECURITY_POLICY["script-src"]  # data-onauth via new Function
    assert SPA_CONTENT_SECURITY_POLICY["frame-src"] == ("https://oauth.telegram.org",)
    assert "https://web.telegram.org" in SPA_CONTENT_SECURITY_POLICY["frame-ancestors"]
    assert SPA_HEADERS["Cross-Origin-Opener-Policy"] == "same-origin-allow-popups"  # the widget's popup


@pytest.fixture
def built_spa(settings, tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><html><body>app</body></html>")
    settings.FRONTEND_DIST_DIR = tmp_path
    return tmp_path


@pytest.mark.parametrize("path", ["/", "/requests/12", "/login"])
def test_the_spa_index_carries_the_policy(client, built_spa, path):
    response = client.get(path)
    assert response.status_code == 200
    for header, value in SPA_HEADERS.items():
        assert response[header] == value
    assert "X-Frame-Options" not in response  # framing is frame-ancestors' call, as behind nginx


def test_the_spa_s_built_files_served_by_whitenoise_carry_it_too(settings, built_spa):
    from django.test import Client

    (built_spa / "assets").mkdir()
    (built_spa / "assets" / "app-Ab12Cd34.js").write_text("console.log(1)")
    settings.WHITENOISE_ROOT = built_spa
    response = Client().get("/assets/app-Ab12Cd34.js")  # a new client loads WhiteNoise with this root
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]  # WhiteNoise answered, not the SPA view
    assert response["Content-Security-Policy"] == SPA_HEADERS["Content-Security-Policy"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/health/", "/api/v1/docs/", "/healthz"])
def test_django_s_own_pages_keep_their_headers(client, path):
    response = client.get(path)
    assert "Content-Security-Policy" not in response
    assert response["X-Frame-Options"] == "DENY"
