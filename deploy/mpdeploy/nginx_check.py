"""Check the nginx config the frontend image serves (frontend/nginx/): render the template for this
machine, run `nginx -t` on it, then check the parsed config (crossplane) for what the deployment
relies on: the proxied paths, the internal location for payment proofs, the SPA fallback, the
upload limit, gzip and the security headers.

    python -m mpdeploy.nginx_check            (from deploy/; exit status 1 on any problem)
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import crossplane

from . import REPO_DIR
from .nginx_render import RenderedNginx, local_values, nginx_test, render

# SiteSettings.max_upload_mb is capped at 50 MB; the body limit must let the largest proof through.
MAX_UPLOAD_MB = 50
PROXIED = ("/api/", "= /healthz", "/django-admin/", "= /django-admin/login/", "/static/")
ADMIN_LOGIN = "= /django-admin/login/"
GUNICORN_CONF = REPO_DIR / "backend" / "gunicorn.conf.py"
# nginx's own refusals that must answer the API's JSON error: status -> code in the body
JSON_ERRORS = {"414": "uri_too_long", "494": "headers_too_large"}
UPSTREAM = "marketplace_backend"
REALTIME_UPSTREAM = "marketplace_realtime"
WEBSOCKET = "/ws/"
WEBSOCKET_MIN_READ_TIMEOUT = 600
FORWARDED_HEADERS = ("Host", "X-Forwarded-For", "X-Forwarded-Proto", "X-Request-ID")
SPA_HEADERS = ("X-Content-Type-Options", "Referrer-Policy", "Content-Security-Policy")
GZIP_TYPES = ("application/javascript", "text/css", "application/json")


@dataclass(frozen=True)
class Directive:
    name: str
    args: tuple[str, ...]
    block: tuple[Directive, ...] | None

    @classmethod
    def from_crossplane(cls, item: dict) -> Directive:
        block = item.get("block")
        return cls(item["directive"], tuple(item.get("args", ())),
                   None if block is None else tuple(cls.from_crossplane(child) for child in block))

    def children(self, name: str) -> Iterator[Directive]:
        return (d for d in self.block or () if d.name == name)

    def first(self, name: str) -> Directive | None:
        return next(self.children(name), None)


def parse(conf: Path) -> Directive:
    """The whole config with includes inlined, as one root block."""
    payload = crossplane.parse(str(conf), combine=True, catch_errors=False)
    if payload["status"] != "ok":
        raise ValueError(payload["errors"])
    return Directive("root", (), tuple(Directive.from_crossplane(d) for d in payload["config"][0]["parsed"]))


def _size_mb(value: str) -> float:
    match = re.fullmatch(r"(\d+)([kKmMgG]?)", value)
    if not match:
        return 0
    number, unit = int(match.group(1)), match.group(2).lower()
    return {"": number / 1024 / 1024, "k": number / 1024, "m": number, "g": number * 1024}[unit]


def gunicorn_limit_request_line(conf: Path = GUNICORN_CONF) -> int:
    """limit_request_line from gunicorn's settings file (a plain assignment there)."""
    match = re.search(r"^limit_request_line\s*=\s*(\d+)", conf.read_text(), re.M)
    return int(match.group(1)) if match else 4094  # gunicorn's default


def _size_bytes(value: str) -> int:
    return int(_size_mb(value) * 1024 * 1024)


def limit_errors(http: Directive, server: Directive, locations: dict[str, Directive]) -> list[str]:
    """The admin login is rate limited; a long request line is refused by nginx (below gunicorn's
    limit) with the API's JSON body."""
    errors = []
    admin = locations.get(ADMIN_LOGIN)
    zones = {d.args[1].split("=", 1)[1].split(":")[0] for d in http.children("limit_req_zone")
             if len(d.args) > 1 and d.args[1].startswith("zone=")}
    if admin is not None:
        limit = admin.first("limit_req")
        zone = next((a.split("=", 1)[1] for a in (limit.args if limit else ()) if a.startswith("zone=")), None)
        if zone is None or zone not in zones:
            errors.append(f"location {ADMIN_LOGIN} must limit_req with a zone defined by limit_req_zone")
        status = admin.first("limit_req_status")
        if status is None or status.args != ("429",):
            errors.append(f"location {ADMIN_LOGIN} must answer 429 when limited (limit_req_status)")

    buffers = server.first("large_client_header_buffers") or http.first("large_client_header_buffers")
    line_limit = _size_bytes(buffers.args[1]) if buffers and len(buffers.args) == 2 else 8192
    gunicorn = gunicorn_limit_request_line()
    if line_limit >= gunicorn:
        errors.append(f"large_client_header_buffers ({line_limit} bytes) must be below gunicorn's "
                      f"limit_request_line ({gunicorn}), so nginx refuses long request lines with JSON")

    pages = {code: d.args[-1] for d in server.children("error_page") for code in d.args[:-1]}
    for code, error_code in JSON_ERRORS.items():
        target = pages.get(code)
        location = locations.get(f"= {target}") if target else None
        answer = location.first("return") if location else None
        default_type = location.first("default_type") if location else None
        if (answer is None or f'"code": "{error_code}"' not in answer.args[-1] or default_type is None
                or default_type.args != ("application/json",)):
            errors.append(f"error_page {code} must lead to a location answering JSON with code {error_code}")
    return errors


def _location_key(location: Directive) -> str:
    return " ".join(location.args)


def _seconds(value: str) -> float:
    number, unit = re.fullmatch(r"(\d+)(ms|s|m|h|d)?", value).groups()
    return int(number) * {"ms": 0.001, "s": 1, None: 1, "m": 60, "h": 3600, "d": 86400}[unit]


def websocket_errors(http: Directive, locations: dict[str, Directive], values: dict[str, str]) -> list[str]:
    """/ws/: proxied to the websocket server (its own upstream) with the upgrade, the forwarded
    headers repeated (a location's own proxy_set_header drops the server's) and a read timeout long
    enough for an idle socket."""
    location = locations.get(WEBSOCKET)
    if location is None:
        return [f"location {WEBSOCKET} is missing (the realtime websockets)"]
    errors = []
    upstream = next((u for u in http.children("upstream") if u.args == (REALTIME_UPSTREAM,)), None)
    if upstream is None or upstream.first("server") is None:
        errors.append(f"upstream {REALTIME_UPSTREAM} is missing")
    elif upstream.first("server").args[0] != values["REALTIME_UPSTREAM"]:
        errors.append(f"upstream {REALTIME_UPSTREAM} must point at the websocket server "
                      f"({values['REALTIME_UPSTREAM']})")
    proxy = location.first("proxy_pass")
    if proxy is None or proxy.args[0] != f"http://{REALTIME_UPSTREAM}":
        errors.append(f"location {WEBSOCKET} must proxy_pass to http://{REALTIME_UPSTREAM}")
    headers = {d.args[0]: d.args[1] if len(d.args) > 1 else "" for d in location.children("proxy_set_header")}
    if headers.get("Upgrade") != "$http_upgrade" or "upgrade" not in headers.get("Connection", "").lower():
        errors.append(f"location {WEBSOCKET} must pass the upgrade (Upgrade $http_upgrade, Connection upgrade)")
    for header in FORWARDED_HEADERS:
        if header not in headers:
            errors.append(f"location {WEBSOCKET} must forward {header} too (its proxy_set_header drops the server's)")
    timeout = location.first("proxy_read_timeout")
    if timeout is None or _seconds(timeout.args[0]) < WEBSOCKET_MIN_READ_TIMEOUT:
        errors.append(f"location {WEBSOCKET} must hold an idle socket open (proxy_read_timeout >= "
                      f"{WEBSOCKET_MIN_READ_TIMEOUT} s)")
    return errors


def structure_errors(root: Directive, values: dict[str, str]) -> list[str]:
    http = root.first("http")
    servers = list(http.children("server")) if http else []
    if len(servers) != 1:
        return [f"expected one server block, found {len(servers)}"]
    server = servers[0]
    locations = {_location_key(loc): loc for loc in server.children("location")}
    errors: list[str] = []

    upstream = next((u for u in http.children("upstream") if u.args == (UPSTREAM,)), None)
    if upstream is None or upstream.first("server") is None:
        errors.append(f"upstream {UPSTREAM} is missing")
    elif upstream.first("server").args[0] != values["BACKEND_UPSTREAM"]:
        errors.append(f"upstream {UPSTREAM} must point at the backend ({values['BACKEND_UPSTREAM']})")

    for path in PROXIED:
        location = locations.get(path)
        if location is None:
            errors.append(f"location {path} is missing (it must be proxied to the backend)")
            continue
        proxy = location.first("proxy_pass")
        if proxy is None or proxy.args[0] != f"http://{UPSTREAM}":
            errors.append(f"location {path} must proxy_pass to http://{UPSTREAM}")
        if location.first("proxy_set_header") is not None:
            errors.append(f"location {path} sets proxy_set_header, which drops the server's forwarded headers")

    forwarded = {d.args[0] for d in server.children("proxy_set_header")}
    for header in FORWARDED_HEADERS:
        if header not in forwarded:
            errors.append(f"server must forward {header} to the backend (proxy_set_header)")
    errors += websocket_errors(http, locations, values)

    media = locations.get("/media/")
    if media is None:
        errors.append("location /media/ is missing")
    elif media.first("alias") is None or media.first("alias").args[0].rstrip("/") != values["MEDIA_ROOT"]:
        errors.append("location /media/ must alias MEDIA_ROOT")

    protected = locations.get("/protected/")
    if protected is None:
        errors.append("location /protected/ is missing (X-Accel-Redirect target for payment proofs)")
    else:
        if protected.first("internal") is None:
            errors.append("location /protected/ must be internal (reachable only via X-Accel-Redirect)")
        alias = protected.first("alias")
        if alias is None or alias.args[0].rstrip("/") != values["PRIVATE_MEDIA_ROOT"]:
            errors.append("location /protected/ must alias PRIVATE_MEDIA_ROOT")
    for key, location in locations.items():
        alias = location.first("alias") or location.first("root")
        if key != "/protected/" and alias and alias.args[0].rstrip("/").startswith(values["PRIVATE_MEDIA_ROOT"]):
            errors.append(f"location {key} exposes PRIVATE_MEDIA_ROOT")

    spa = locations.get("/")
    if spa is None:
        errors.append("location / (the SPA) is missing")
    else:
        try_files = spa.first("try_files")
        if try_files is None or try_files.args[-1] != "/index.html":
            errors.append("location / must fall back to /index.html (SPA deep links)")
        root = spa.first("root")
        if root is None or root.args[0] != values["SPA_ROOT"]:
            errors.append("location / must serve SPA_ROOT")
        headers = {d.args[0] for d in spa.children("add_header")}
        for header in SPA_HEADERS:
            if header not in headers:
                errors.append(f"location / must send the {header} header")

    body = server.first("client_max_body_size") or (http.first("client_max_body_size") if http else None)
    if body is None or _size_mb(body.args[0]) <= MAX_UPLOAD_MB:
        errors.append(f"client_max_body_size must exceed the largest proof upload ({MAX_UPLOAD_MB} MB)")

    gzip = server.first("gzip")
    if gzip is None or gzip.args != ("on",):
        errors.append("gzip must be on")
    else:
        gzip_types = set(server.first("gzip_types").args) if server.first("gzip_types") else set()
        for mime in GZIP_TYPES:
            if mime not in gzip_types:
                errors.append(f"gzip_types must include {mime}")
    if server.first("server_tokens") is None or server.first("server_tokens").args != ("off",):
        errors.append("server_tokens must be off")
    return errors + limit_errors(http, server, locations)


@dataclass(frozen=True)
class NginxCheck:
    rendered: RenderedNginx
    errors: list[str]


def check(workdir: Path, *, template_text: str | None = None) -> NginxCheck:
    """Render into `workdir` (with placeholder paths and a loopback upstream), nginx -t, structure."""
    values = local_values(port=8080, backend="127.0.0.1:8000", spa_root=workdir / "spa",
                          media_root=workdir / "media", private_media_root=workdir / "private", prefix=workdir,
                          realtime="127.0.0.1:8001")
    rendered = render(workdir, values, template_text=template_text)
    result = nginx_test(rendered)
    if result.returncode != 0:
        return NginxCheck(rendered, [f"nginx -t: {line}" for line in result.stderr.strip().splitlines()])
    return NginxCheck(rendered, structure_errors(parse(rendered.conf), values))


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="mp-nginx-check-") as tmp:
        result = check(Path(tmp))
    for error in result.errors:
        print(f"FAIL {error}")
    if result.errors:
        return 1
    print("nginx OK: frontend/nginx config passes nginx -t and has every required location and header")
    return 0


if __name__ == "__main__":
    sys.exit(main())
