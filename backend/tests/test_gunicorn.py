"""gunicorn as `make run` and the image start it (backend/gunicorn.conf.py, read from the working
directory): its own refusals of a malformed request are the API's JSON, not its HTML page, and its
request-line limit is above nginx's."""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

BACKEND = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _raw(port: int, request: bytes) -> tuple[int, dict[str, str], bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    return int(lines[0].split()[1]), {k.lower(): v for k, v in headers.items()}, body


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DATABASE_URL", "DEBUG")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.dev", DEBUG="false",
               VAR_DIR=str(tmp_path_factory.mktemp("gunicorn-var")))
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
                                "--workers", "1"], cwd=BACKEND, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _raw(port, b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(process.stdout.read().decode() if process.stdout else "gunicorn did not start")
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def _get(path: bytes, extra: bytes = b"") -> bytes:
    return b"GET " + path + b" HTTP/1.1\r\nHost: localhost\r\n" + extra + b"Connection: close\r\n\r\n"


def test_a_request_line_over_gunicorn_s_limit_is_a_json_414(gunicorn):
    status, headers, body = _raw(gunicorn, _get(b"/api/v1/" + b"a" * 9000))
    assert status == 414
    assert headers["content-type"] == "application/json"
    assert json.loads(body) == {"detail": "The request line is too long.", "code": "uri_too_long"}


def test_a_request_line_nginx_lets_through_reaches_django(gunicorn):
    # nginx refuses lines over its 6k buffers; anything it forwards is under gunicorn's 8190
    status, _headers, body = _raw(gunicorn, _get(b"/api/v1/" + b"a" * 6100))
    assert status == 404
    assert json.loads(body)["code"] == "not_found"


def test_an_oversized_header_is_a_json_431(gunicorn):
    status, _headers, body = _raw(gunicorn, _get(b"/api/v1/health/", b"X-Big: " + b"a" * 9000 + b"\r\n"))
    assert status == 431
    assert json.loads(body)["code"] == "headers_too_large"


def test_a_malformed_request_line_is_a_json_400(gunicorn):
    status, _headers, body = _raw(gunicorn, b"GET /api/v1/\x01 HTTP/1.1\r\nHost: localhost\r\n\r\n")
    assert status == 400
    assert json.loads(body)["code"] == "bad_request"


def test_gunicorn_s_limit_is_above_nginx_s_buffer():
    import re

    template = (BACKEND.parent / "frontend" / "nginx" / "templates" / "default.conf.template").read_text()
    number, unit = re.search(r"large_client_header_buffers\s+\d+\s+(\d+)([km]?);", template).groups()
    nginx_line = int(number) * {"": 1, "k": 1024, "m": 1024 * 1024}[unit]
    config: dict = {}
    exec((BACKEND / "gunicorn.conf.py").read_text(), config)
    assert config["limit_request_line"] > nginx_line
