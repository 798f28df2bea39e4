"""The nginx check passes on the real config and fails when a location, the internal flag, the
upload limit, gzip or a forwarded header goes missing, or when nginx -t rejects the file."""

import re

import pytest

from mpdeploy.nginx_check import check
from mpdeploy.nginx_render import TEMPLATE, RenderError, render_template


def without_block(text: str, opening: str) -> str:
    """`text` without the block that starts with `opening` (e.g. 'location /api/ {')."""
    start = text.index(opening)
    depth, index = 0, text.index("{", start)
    while True:
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        index += 1
        if depth == 0:
            return text[:start] + text[index:]


@pytest.fixture
def template() -> str:
    return TEMPLATE.read_text()


def test_the_real_config_passes(tmp_path):
    assert check(tmp_path).errors == []


@pytest.mark.parametrize(("opening", "message"), [
    ("location /api/ {", "location /api/ is missing (it must be proxied to the backend)"),
    ("location = /healthz {", "location = /healthz is missing (it must be proxied to the backend)"),
    ("location /django-admin/ {", "location /django-admin/ is missing (it must be proxied to the backend)"),
    ("location /static/ {", "location /static/ is missing (it must be proxied to the backend)"),
    ("location /media/ {", "location /media/ is missing"),
    ("location /protected/ {", "location /protected/ is missing (X-Accel-Redirect target for payment proofs)"),
    ("location / {", "location / (the SPA) is missing"),
    ("location /ws/ {", "location /ws/ is missing (the realtime websockets)"),
])
def test_removing_a_location_fails(tmp_path, template, opening, message):
    assert message in check(tmp_path, template_text=without_block(template, opening)).errors


def test_protected_must_be_internal(tmp_path, template):
    text = template.replace("        internal;\n", "")
    errors = check(tmp_path, template_text=text).errors
    assert errors == ["location /protected/ must be internal (reachable only via X-Accel-Redirect)"]


def test_private_media_must_not_be_served_elsewhere(tmp_path, template):
    text = template.replace("alias ${MEDIA_ROOT}/;", "alias ${PRIVATE_MEDIA_ROOT}/;")
    errors = check(tmp_path, template_text=text).errors
    assert "location /media/ exposes PRIVATE_MEDIA_ROOT" in errors


def test_spa_must_fall_back_to_index(tmp_path, template):
    text = template.replace("try_files $uri /index.html;", "try_files $uri =404;")
    assert "location / must fall back to /index.html (SPA deep links)" in check(tmp_path, template_text=text).errors


def test_proxying_must_reach_the_backend(tmp_path, template):
    text = template.replace("location /static/ {\n        proxy_pass http://marketplace_backend;",
                            "location /static/ {\n        proxy_pass http://127.0.0.1:9;")
    assert "location /static/ must proxy_pass to http://marketplace_backend" in check(tmp_path, template_text=text).errors


def test_upload_limit_must_fit_the_largest_proof(tmp_path, template):
    text = template.replace("client_max_body_size 55m;", "client_max_body_size 10m;")
    errors = check(tmp_path, template_text=text).errors
    assert errors == ["client_max_body_size must exceed the largest proof upload (50 MB)"]


def test_gzip_must_be_on(tmp_path, template):
    assert "gzip must be on" in check(tmp_path, template_text=template.replace("gzip on;", "gzip off;")).errors


def test_forwarded_proto_must_reach_django(tmp_path, template):
    text = re.sub(r"\n\s*proxy_set_header X-Forwarded-Proto [^;]+;", "", template)
    errors = check(tmp_path, template_text=text).errors
    assert errors == ["server must forward X-Forwarded-Proto to the backend (proxy_set_header)",
                      "location /ws/ must forward X-Forwarded-Proto too (its proxy_set_header drops the server's)"]


def test_a_location_overriding_proxy_headers_fails(tmp_path, template):
    text = template.replace("location /api/ {\n", "location /api/ {\n        proxy_set_header Host $host;\n")
    errors = check(tmp_path, template_text=text).errors
    assert "location /api/ sets proxy_set_header, which drops the server's forwarded headers" in errors


def test_spa_security_headers_are_required(tmp_path, template):
    opening = "location / {"
    start = template.index(opening)
    text = template[:start] + template[start:].replace("        include snippets/marketplace/spa-csp.conf;\n", "", 1)
    assert "location / must send the Content-Security-Policy header" in check(tmp_path, template_text=text).errors


def test_nginx_t_rejects_a_broken_file(tmp_path, template):
    errors = check(tmp_path, template_text=template.replace("server_tokens off;", "server_tokens off")).errors
    assert errors and all(e.startswith("nginx -t:") for e in errors)


def test_render_refuses_unknown_and_missing_names():
    with pytest.raises(RenderError, match="outside the allowed list: NOPE"):
        render_template("listen ${NOPE};", {"NOPE": "1"})
    with pytest.raises(RenderError, match="no value for: LISTEN_PORT"):
        render_template("listen ${LISTEN_PORT};", {})
    assert render_template("listen ${LISTEN_PORT}; set $x $host;", {"LISTEN_PORT": "80"}) == "listen 80; set $x $host;"


def test_the_admin_login_must_be_rate_limited(tmp_path, template):
    text = template.replace("        limit_req zone=marketplace_admin_login burst=10 nodelay;\n", "")
    assert check(tmp_path, template_text=text).errors == [
        "location = /django-admin/login/ must limit_req with a zone defined by limit_req_zone"]
    text = template.replace("        limit_req_status 429;\n", "")
    assert check(tmp_path, template_text=text).errors == [
        "location = /django-admin/login/ must answer 429 when limited (limit_req_status)"]


def test_the_admin_login_location_must_exist_and_proxy(tmp_path, template):
    text = without_block(template, "location = /django-admin/login/ {")
    assert "location = /django-admin/login/ is missing (it must be proxied to the backend)" in check(
        tmp_path, template_text=text).errors


def test_nginx_must_refuse_long_request_lines_before_gunicorn(tmp_path, template):
    text = template.replace("large_client_header_buffers 4 6k;", "large_client_header_buffers 4 16k;")
    errors = check(tmp_path, template_text=text).errors
    assert len(errors) == 1 and errors[0].startswith("large_client_header_buffers (16384 bytes) must be below")
    # nginx's default (8k) is not below gunicorn's maximum (8190) either
    text = template.replace("    large_client_header_buffers 4 6k;\n", "")
    assert any(e.startswith("large_client_header_buffers (8192 bytes)") for e in check(tmp_path, template_text=text).errors)


def test_nginx_s_long_line_refusals_must_be_json(tmp_path, template):
    text = template.replace("    error_page 414 /nginx-errors/uri-too-long.json;\n", "")
    assert check(tmp_path, template_text=text).errors == [
        "error_page 414 must lead to a location answering JSON with code uri_too_long"]
    text = template.replace('"code": "headers_too_large"', '"code": "oops"')
    assert check(tmp_path, template_text=text).errors == [
        "error_page 494 must lead to a location answering JSON with code headers_too_large"]


@pytest.mark.parametrize(("line", "message"), [
    ("        proxy_set_header Upgrade $http_upgrade;\n",
     "location /ws/ must pass the upgrade (Upgrade $http_upgrade, Connection upgrade)"),
    ("        proxy_set_header X-Request-ID $marketplace_request_id;\n        proxy_read_timeout 1h;",
     "location /ws/ must forward X-Request-ID too (its proxy_set_header drops the server's)"),
    ("        proxy_read_timeout 1h;\n", "location /ws/ must hold an idle socket open (proxy_read_timeout >= 600 s)"),
])
def test_the_websocket_location_passes_the_upgrade_the_headers_and_waits(tmp_path, template, line, message):
    replacement = "        proxy_read_timeout 1h;" if "X-Request-ID" in line else ""
    assert line in template
    assert message in check(tmp_path, template_text=template.replace(line, replacement, 1)).errors
