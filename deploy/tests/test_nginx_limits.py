"""The production nginx config, running: a long request line or header is refused with the API's
JSON error, and sign-in POSTs to the Django admin are rate limited per address (GETs are not)."""

import http.server
import json
import socket
import subprocess
import threading
import time

import pytest

from mpdeploy.nginx_render import local_values, render


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Backend(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "7")
        self.end_headers()
        self.wfile.write(b"backend")

    do_POST = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def nginx(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("nginx-limits")
    backend = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Backend)
    threading.Thread(target=backend.serve_forever, daemon=True).start()
    port = _free_port()
    (tmp / "spa").mkdir()
    (tmp / "spa" / "index.html").write_text("spa")
    values = local_values(port=port, backend=f"127.0.0.1:{backend.server_address[1]}", spa_root=tmp / "spa",
                          media_root=tmp / "media", private_media_root=tmp / "private", prefix=tmp)
    process = subprocess.Popen(render(tmp, values).command())
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((tmp / "logs" / "error.log").read_text()) from None
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=20)
        backend.shutdown()


def _raw(port: int, request: bytes) -> tuple[int, bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), body


def _request(method: bytes, path: bytes, extra: bytes = b"") -> bytes:
    return method + b" " + path + b" HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n" + extra + \
        b"Connection: close\r\n\r\n"


def test_a_long_request_line_is_a_json_414(nginx):
    status, body = _raw(nginx, _request(b"GET", b"/api/v1/" + b"a" * 7000))
    assert status == 414
    assert json.loads(body) == {"detail": "The request line is too long.", "code": "uri_too_long"}
    assert _raw(nginx, _request(b"GET", b"/api/v1/" + b"a" * 5000)) == (200, b"backend")


def test_a_huge_header_is_a_json_400(nginx):
    status, body = _raw(nginx, _request(b"GET", b"/api/v1/x", b"X-Big: " + b"a" * 7000 + b"\r\n"))
    assert status == 400
    assert json.loads(body)["code"] == "headers_too_large"


def test_the_error_locations_are_not_reachable_from_outside(nginx):
    assert _raw(nginx, _request(b"GET", b"/nginx-errors/uri-too-long.json"))[0] == 404


def test_admin_sign_in_posts_are_rate_limited_but_the_form_is_not(nginx):
    statuses = [_raw(nginx, _request(b"POST", b"/django-admin/login/"))[0] for _ in range(15)]
    assert statuses[:11] == [200] * 11  # burst 10 on top of the first
    assert statuses[11:] == [429] * 4
    assert [_raw(nginx, _request(b"GET", b"/django-admin/login/"))[0] for _ in range(3)] == [200] * 3
    assert _raw(nginx, _request(b"POST", b"/api/v1/auth/login/"))[0] == 200  # the API has its own limit
