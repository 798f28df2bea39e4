"""gunicorn as `make run` and the image start it (backend/gunicorn.conf.py, read from the working
directory): its own refusals of a malformed request are the API's JSON, not its HTML page, its
request-line limit is above nginx's, and the workers it replaces are forks of a loaded master."""

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


def _start(var_dir: Path, *flags: str) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DATABASE_URL", "DEBUG")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.dev", DEBUG="false", VAR_DIR=str(var_dir))
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
                                *flags], cwd=BACKEND, env=env, stdout=subprocess.PIPE,
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
    except BaseException:
        process.kill()
        raise
    return process, port


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    process, port = _start(tmp_path_factory.mktemp("gunicorn-var"), "--workers", "1")
    try:
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


def test_a_worker_replaced_after_max_requests_is_a_fork_of_the_loaded_master(tmp_path):
    """preload_app: the master loads Django once; with a worker replaced after every request, each
    answer (which needs the database) comes from a fresh fork that imports nothing. Without
    preload each replacement imports Django again: 8 answers took 7x the first start, here ~1x."""
    started = time.monotonic()
    process, port = _start(tmp_path, "--workers", "1", "--max-requests", "1", "--log-level", "info")
    boot = time.monotonic() - started
    try:
        started = time.monotonic()
        answers = [_raw(port, _get(b"/api/v1/health/")) for _ in range(8)]
        replaced = time.monotonic() - started
    finally:
        process.terminate()
        log = process.communicate(timeout=30)[0].decode()
    assert [status for status, _h, _b in answers] == [200] * 8
    assert all(json.loads(body)["database"] == "ok" for _s, _h, body in answers)
    assert log.count("Autorestarting worker") >= 7, log
    assert replaced < 4 * boot, f"8 answers from fresh workers took {replaced:.1f} s, the first start {boot:.1f} s"


def test_the_master_closes_its_database_connections_before_each_fork(transactional_db):
    from django.db import connection

    config: dict = {}
    exec((BACKEND / "gunicorn.conf.py").read_text(), config)
    assert config["preload_app"] is True
    server = type("Arbiter", (), {"cfg": type("Cfg", (), {"preload_app": True})()})()
    connection.ensure_connection()
    assert connection.connection is not None
    config["pre_fork"](server, worker=None)
    assert connection.connection is None
