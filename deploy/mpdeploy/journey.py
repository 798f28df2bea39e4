"""The main user journey, driven through nginx as a browser behind the TLS terminator would:
health, sign-in and token refresh, a request from creation to a confirmed payment, the payment
proof uploaded and downloaded (X-Accel-Redirect), the Django admin, static files and the SPA."""

from __future__ import annotations

import http.client
import io
import json
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

import requests
from PIL import Image

from .processes import SmokeFailure

PASSWORD = "Smoke-" + secrets.token_urlsafe(12)
TIMEOUT = 30


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


def expect(response: requests.Response, status: int, what: str) -> requests.Response:
    if response.status_code != status:
        raise SmokeFailure(f"{what}: expected {status}, got {response.status_code} "
                           f"{response.headers.get('Content-Type', '')}: {response.text[:500]}")
    return response


def set_cookies(response: requests.Response) -> dict[str, dict]:
    """Set-Cookie headers parsed with their attributes (requests' jar hides Secure cookies over http)."""
    cookies: dict[str, dict] = {}
    for header in response.raw.headers.getlist("Set-Cookie"):
        parsed = SimpleCookie()
        parsed.load(header)
        for name, morsel in parsed.items():
            cookies[name] = {"value": morsel.value, "header": header, **{k: morsel[k] for k in morsel}}
    return cookies


def png_bytes(size: tuple[int, int] = (64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (21, 101, 192)).save(out, "PNG")
    return out.getvalue()


@dataclass
class Journey:
    """`base` is nginx; `backend` is gunicorn directly (to see what nginx hides)."""

    base: str
    backend: str
    private_media_root: Path
    log: Callable[[str], None] = print
    steps: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        # What the TLS terminator in front of nginx adds: Django then sees a secure request.
        self.https = {"X-Forwarded-Proto": "https"}

    def step(self, text: str) -> None:
        self.steps.append(text)
        self.log(f"  ok  {text}")

    def get(self, path: str, token: str | None = None, **kwargs) -> requests.Response:
        return requests.get(self.base + path, headers=self._headers(token, kwargs.pop("headers", None)),
                            timeout=TIMEOUT, allow_redirects=False, **kwargs)

    def post(self, path: str, token: str | None = None, **kwargs) -> requests.Response:
        return requests.post(self.base + path, headers=self._headers(token, kwargs.pop("headers", None)),
                             timeout=TIMEOUT, allow_redirects=False, **kwargs)

    def _headers(self, token: str | None, extra: dict | None) -> dict:
        headers = dict(self.https)
        if token:
            headers["Authorization"] = f"Bearer {token}"
        headers.update(extra or {})
        return headers

    # --- the journey ----------------------------------------------------------------------------

    def run(self) -> None:
        self.health()
        self.https_redirect()
        admin = self.bootstrap_and_refresh()
        client, _ = self.register("client")
        master, master_id = self.register("master")
        stranger, _ = self.register("client")
        self.activate(admin, master_id)
        appointment_id = self.lifecycle_until_payment(client, master)
        self.proof(appointment_id, client=client, master=master, stranger=stranger)
        self.upload_limits(appointment_id, client)
        self.pay(appointment_id, client=client, master=master)
        self.realtime(appointment_id, client=client, master=master)
        self.django_admin()
        self.static_files()
        self.spa()

    def health(self) -> None:
        body = expect(self.get("/healthz"), 200, "GET /healthz").json()
        check(body.get("status") == "ok", f"/healthz body: {body}")
        body = expect(self.get("/api/health/"), 200, "GET /api/health/").json()
        check(body.get("database") == "ok", f"/api/health/ body: {body}")
        expect(self.get("/api/v1/health/"), 200, "GET /api/v1/health/")
        expect(self.get("/nginx-health"), 200, "GET /nginx-health")
        response = self.get("/healthz", headers={"X-Request-ID": "smoke-request-1"})
        check(response.headers.get("X-Request-ID") == "smoke-request-1", "the request id did not reach Django")
        self.step("health: /healthz, /api/health/ (database ok), nginx; X-Request-ID passes through")

    def https_redirect(self) -> None:
        plain = requests.get(self.base + "/api/v1/auth/bootstrap-status/", timeout=TIMEOUT, allow_redirects=False)
        expect(plain, 301, "plain-http API request (SECURE_SSL_REDIRECT)")
        check(plain.headers["Location"].startswith("https://"), f"redirect to {plain.headers['Location']}")
        expect(requests.get(self.base + "/healthz", timeout=TIMEOUT), 200, "plain-http /healthz (exempt)")
        self.step("plain HTTP is redirected to HTTPS; health probes are exempt")

    def bootstrap_and_refresh(self) -> str:
        status = expect(self.get("/api/v1/auth/bootstrap-status/"), 200, "bootstrap-status").json()
        check(status == {"needs_bootstrap": True}, f"a fresh database needs bootstrap, got {status}")
        response = expect(self.post("/api/v1/auth/bootstrap-admin/", json={"username": "admin", "password": PASSWORD,
                                                                            "email": "admin@example.com"}),
                          201, "bootstrap-admin")
        check(response.json()["user"]["role"] == "admin", "bootstrap-admin did not create an admin")
        cookie = set_cookies(response).get("refresh_token")
        check(cookie is not None, "no refresh_token cookie")
        check(bool(cookie["secure"]) and bool(cookie["httponly"]) and cookie["path"] == "/api/"
              and cookie["samesite"].lower() == "lax",
              f"refresh cookie must be Secure, HttpOnly, SameSite=Lax, Path=/api/: {cookie['header']}")
        # A browser on https sends the cookie back; requests won't over http, so send it by hand.
        refreshed = expect(self.post("/api/v1/auth/refresh/", headers={"Cookie": f"refresh_token={cookie['value']}"}),
                           200, "refresh with the cookie")
        rotated = set_cookies(refreshed).get("refresh_token")
        check(bool(refreshed.json().get("access")) and rotated and rotated["value"] != cookie["value"],
              "refresh must return an access token and rotate the cookie")
        reused = self.post("/api/v1/auth/refresh/", headers={"Cookie": f"refresh_token={cookie['value']}"})
        expect(reused, 401, "reusing a rotated refresh token")
        login = expect(self.post("/api/v1/auth/login/", json={"username": "admin", "password": PASSWORD}),
                       200, "admin login")
        self.step("bootstrap-admin, Secure/HttpOnly refresh cookie, rotation (reuse refused), login")
        return login.json()["access"]

    def register(self, role: str) -> tuple[str, int]:
        username = f"{role}-{secrets.token_hex(3)}"
        response = expect(self.post("/api/v1/auth/register/", json={"username": username, "password": PASSWORD,
                                                                     "role": role}), 201, f"register {role}")
        user = response.json()["user"]
        check(user["role"] == role, f"registered as {user['role']}, not {role}")
        me = expect(self.get("/api/v1/me/", response.json()["access"]), 200, "GET /me/").json()
        check(me["username"] == username, "me is someone else")
        self.step(f"register {role} {username}; /me/ with its bearer token")
        return response.json()["access"], user["id"]

    def activate(self, admin: str, master_id: int) -> None:
        response = self.post(f"/api/v1/admin/masters/{master_id}/activate/", admin)
        expect(response, 200, "admin activates the master")
        self.step(f"master {master_id} activated by the admin API")

    def lifecycle_until_payment(self, client: str, master: str) -> int:
        created = expect(self.post("/api/v1/appointments/", client,
                                   json={"title": "Smoke test haircut", "description": "Through nginx"}),
                         201, "create appointment").json()
        check(created["status"] == "NEW", f"new appointment status {created['status']}")
        appointment_id = created["id"]
        queue = expect(self.get("/api/v1/appointments/new/", master), 200, "master's NEW queue").json()
        check(any(item["id"] == appointment_id for item in queue["results"]), "the request is not in the NEW queue")
        taken = expect(self.post(f"/api/v1/appointments/{appointment_id}/take/", master), 200, "take").json()
        check(taken["status"] == "IN_REVIEW", f"after take: {taken['status']}")
        priced = expect(self.post(f"/api/v1/appointments/{appointment_id}/set-price/", master,
                                  json={"price": "1500.00"}), 200, "set-price").json()
        check(priced["status"] == "AWAITING_PAYMENT", f"after set-price: {priced['status']}")
        self.step(f"appointment {appointment_id}: created, taken, priced (AWAITING_PAYMENT)")
        return appointment_id

    def proof(self, appointment_id: int, *, client: str, master: str, stranger: str) -> None:
        path = f"/api/v1/appointments/{appointment_id}"
        uploaded = expect(self.post(f"{path}/upload-payment-proof/", client,
                                    files={"file": ("receipt.png", png_bytes(), "image/png")}),
                          200, "upload-payment-proof").json()
        check(uploaded["status"] == "AWAITING_PAYMENT", f"after upload: {uploaded['status']}")

        # Straight from gunicorn: an empty response that tells nginx where the file is.
        direct = requests.get(self.backend + f"{path}/payment-proof/", timeout=TIMEOUT,
                              headers={"Authorization": f"Bearer {client}", **self.https})
        expect(direct, 200, "payment-proof from gunicorn")
        accel = direct.headers.get("X-Accel-Redirect", "")
        check(accel.startswith("/protected/proofs/") and not direct.content,
              f"gunicorn must answer with X-Accel-Redirect and no body, got {accel!r}, {len(direct.content)} bytes")
        stored = self.private_media_root / accel.removeprefix("/protected/")
        check(stored.is_file(), f"the proof is not at {stored}")

        # Through nginx: the file itself, for the owner and the assigned master.
        for who, token in (("client", client), ("master", master)):
            response = expect(self.get(f"{path}/payment-proof/", token), 200, f"payment-proof as {who}")
            check(response.content == stored.read_bytes(), f"{who} got other bytes than the stored proof")
            check(response.content.startswith(b"\x89PNG"), "the proof is not a PNG")
            check(response.headers.get("Content-Type") == "image/png", f"type {response.headers.get('Content-Type')}")
            check("X-Accel-Redirect" not in response.headers, "nginx leaked X-Accel-Redirect")
            check(response.headers.get("Content-Disposition", "").startswith("inline; filename=\"payment-proof-"),
                  f"disposition {response.headers.get('Content-Disposition')}")
            check("no-store" in response.headers.get("Cache-Control", ""), "a proof must not be cached")
            check(response.headers.get("X-Content-Type-Options") == "nosniff", "proof without nosniff")
        expect(self.get(f"{path}/payment-proof/", stranger), 404, "payment-proof as a stranger")
        expect(self.get(f"{path}/payment-proof/"), 401, "payment-proof without a token")
        expect(self.get(accel), 404, f"GET {accel} directly (internal location)")
        expect(self.get(accel, client), 404, f"GET {accel} directly with a token")
        self.step("proof uploaded; served by nginx via X-Accel-Redirect to owner and master; "
                  "stranger 404, anonymous 401, direct /protected/ 404")

    def upload_limits(self, appointment_id: int, client: str) -> None:
        path = f"/api/v1/appointments/{appointment_id}/upload-payment-proof/"
        # Over the site's limit (10 MB) but within nginx's: Django answers with its JSON error.
        too_big = self.post(path, client, files={"file": ("big.png", b"\x89PNG\r\n\x1a\n" + b"0" * (11 << 20))})
        expect(too_big, 413, "an 11 MB proof")
        check(too_big.json().get("code") == "file_too_large", f"11 MB proof: {too_big.text[:200]}")
        # Beyond anything the site allows (50 MB cap): nginx refuses on the Content-Length alone,
        # before a byte of the body is read (so none is sent here).
        status, content_type = self.announce_body(path, client, 56 << 20)
        check(status == 413 and "json" not in content_type, f"a 56 MB body: {status} {content_type}")
        self.step("upload limits: 11 MB -> 413 file_too_large from Django; 56 MB -> 413 from nginx")

    def announce_body(self, path: str, token: str, length: int) -> tuple[int, str]:
        host, port = self.base.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=TIMEOUT)
        try:
            connection.putrequest("POST", path)
            for name, value in {**self._headers(token, None), "Content-Type": "application/octet-stream",
                                "Content-Length": str(length)}.items():
                connection.putheader(name, value)
            connection.endheaders()
            response = connection.getresponse()
            return response.status, response.getheader("Content-Type", "")
        finally:
            connection.close()

    def pay(self, appointment_id: int, *, client: str, master: str) -> None:
        path = f"/api/v1/appointments/{appointment_id}"
        marked = expect(self.post(f"{path}/mark-paid/", client), 200, "mark-paid").json()
        check(marked["status"] == "PAYMENT_PROOF_UPLOADED", f"after mark-paid: {marked['status']}")
        confirmed = expect(self.post(f"{path}/confirm-payment/", master), 200, "confirm-payment").json()
        check(confirmed["status"] == "PAID", f"after confirm-payment: {confirmed['status']}")
        self.step(f"appointment {appointment_id}: marked paid by the client, confirmed by the master (PAID)")

    def _socket(self, ticket: str):
        from websockets.sync.client import connect

        url = self.base.replace("http://", "ws://", 1) + f"/ws/?ticket={ticket}"
        return connect(url, origin=self.base.replace("http://", "https://", 1), additional_headers=self.https,
                       open_timeout=TIMEOUT, close_timeout=5)

    def realtime(self, appointment_id: int, *, client: str, master: str) -> None:
        """A websocket through nginx's /ws/ (the upgrade) with a ticket: hello, then the frame of the
        client's message on the master's socket; the spent ticket is refused (4401)."""
        from websockets.exceptions import ConnectionClosed

        ticket = expect(self.post("/api/v1/realtime/ticket/", master), 200, "realtime ticket").json()["ticket"]
        with self._socket(ticket) as sock:
            hello = json.loads(sock.recv(timeout=TIMEOUT))
            check(hello.get("type") == "hello", f"the socket's first frame: {hello}")
            message = expect(self.post(f"/api/v1/appointments/{appointment_id}/messages/", client,
                                       json={"text": "Through nginx"}), 201, "post a message").json()
            wanted = {"type": "message.created", "appointment_id": appointment_id, "message_id": message["id"]}
            frames = []
            while wanted not in frames:
                frames.append(json.loads(sock.recv(timeout=TIMEOUT)))
        with self._socket(ticket) as sock:
            try:
                sock.recv(timeout=TIMEOUT)
                raise SmokeFailure("a spent ticket opened a socket")
            except ConnectionClosed as closed:
                check(closed.rcvd is not None and closed.rcvd.code == 4401, f"spent ticket closed with {closed.rcvd}")
        self.step("realtime: /ws/ through nginx with a ticket: hello, the message's frame on the master's socket; "
                  "the spent ticket closed 4401")

    def django_admin(self) -> None:
        index = self.get("/django-admin/")
        expect(index, 302, "GET /django-admin/ anonymously")
        check("/django-admin/login/" in index.headers["Location"], f"admin redirects to {index.headers['Location']}")
        login_page = expect(self.get("/django-admin/login/"), 200, "admin login page")
        check("csrfmiddlewaretoken" in login_page.text, "the admin login page has no CSRF token")
        csrf = set_cookies(login_page)["csrftoken"]
        check(bool(csrf["secure"]), "the CSRF cookie must be Secure in production")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page.text).group(1)
        origin = self.base.replace("http://", "https://")
        headers = {"Cookie": f"csrftoken={csrf['value']}", "Referer": origin + "/django-admin/login/", "Origin": origin}
        logged_in = self.post("/django-admin/login/?next=/django-admin/", headers=headers,
                              data={"csrfmiddlewaretoken": token, "username": "admin", "password": PASSWORD,
                                    "next": "/django-admin/"})
        expect(logged_in, 302, "admin login POST")
        session = set_cookies(logged_in).get("sessionid")
        check(session is not None and bool(session["secure"]), "admin login must set a Secure session cookie")
        dashboard = expect(self.get("/django-admin/", headers={"Cookie": f"sessionid={session['value']}"}),
                           200, "admin index after login")
        check("Marketplace administration" in dashboard.text, "the admin index is not ours")
        self.step("/django-admin/: login page, CSRF-checked login behind the proxy, admin index")

    def static_files(self) -> None:
        response = expect(self.get("/static/admin/css/base.css", headers={"Accept-Encoding": "gzip"}),
                          200, "admin stylesheet")
        check(response.headers.get("Content-Type", "").startswith("text/css"), "base.css is not text/css")
        check(response.headers.get("Content-Encoding") == "gzip", "static CSS is not compressed")
        self.step("/static/: collected files served (compressed) through nginx")

    def spa(self) -> None:
        for path in ("/", "/appointments/123", "/admin/users?role=master"):
            response = expect(self.get(path), 200, f"SPA {path}")
            check(response.headers.get("Content-Type", "").startswith("text/html"), f"{path} is not HTML")
            check('<div id="root">' in response.text, f"{path} is not the SPA's index.html")
            check(response.headers.get("Cache-Control") == "no-cache", f"{path}: index.html must not be cached")
            csp = response.headers.get("Content-Security-Policy", "")
            check("default-src 'self'" in csp, f"{path}: no Content-Security-Policy")
            check(response.headers.get("X-Content-Type-Options") == "nosniff", f"{path}: no nosniff")
            check(response.headers.get("Strict-Transport-Security", "").startswith("max-age="),
                  f"{path}: no HSTS over https")
        index = self.get("/").text
        scripts = re.findall(r'src="(/assets/[^"]+\.js)"', index)
        check(bool(scripts), "index.html references no /assets/ script")
        asset = expect(self.get(scripts[0], headers={"Accept-Encoding": "gzip"}), 200, f"asset {scripts[0]}")
        check("immutable" in asset.headers.get("Cache-Control", ""), "hashed assets must be cached as immutable")
        check(asset.headers.get("Content-Encoding") == "gzip", "JavaScript is not gzipped")
        expect(self.get("/assets/does-not-exist.js"), 404, "a missing asset")
        expect(self.get("/api/v1/does-not-exist/"), 404, "an unknown API path (not the SPA)")
        self.step("SPA: index and deep links (no-cache, CSP), hashed assets (immutable, gzip), "
                  "missing asset 404")
