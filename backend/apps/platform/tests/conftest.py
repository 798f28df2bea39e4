"""Real servers on loopback for the delivery channels: a Telegram Bot API stand-in that records
what it receives, and an SMTP server (aiosmtpd)."""

import json
import socket
import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller

from apps.platform.events import services as event_services


class TelegramStub:
    """Answers `sendMessage` like the Bot API; queue answers with `respond()` (default: ok)."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.answers: deque[tuple[int, dict]] = deque()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                stub.requests.append({"path": self.path, "json": body})
                status, answer = stub.answers.popleft() if stub.answers else (
                    200, {"ok": True, "result": {"message_id": len(stub.requests)}})
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def respond(self, *answers: tuple[int, dict]) -> None:
        self.answers.extend(answers)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def telegram(settings):
    stub = TelegramStub()
    settings.TELEGRAM_API_BASE_URL = stub.url
    settings.TELEGRAM_BOT_TOKEN = "4242:SECRET-bot-token"
    yield stub
    stub.stop()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SMTPRecorder:
    """aiosmtpd handler: keeps every message; `fail_next` answers that many DATA commands with 451."""

    def __init__(self) -> None:
        self.messages: list = []
        self.fail_next = 0

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.fail_next:
            self.fail_next -= 1
            return "451 4.3.0 Try again later"
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_port() -> int:
    return free_port()


@pytest.fixture
def email_settings(settings, smtp_port):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    settings.EMAIL_ENABLED = True
    return settings


@pytest.fixture
def smtp_server(email_settings, smtp_port):
    recorder = SMTPRecorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    yield recorder
    controller.stop()


@pytest.fixture
def on_event():
    """Register event handlers for one test only."""
    registered = []

    def register(event_type, handler) -> None:
        event_services.register_handler(event_type, handler)
        registered.append((event_type, handler))

    yield register
    for event_type, handler in registered:
        event_services.unregister_handler(event_type, handler)


@pytest.fixture
def test_event():
    """An event type of the tests' own ("test.happened"), registered for one test."""
    from apps.platform.events.types import EVENT_TYPES, EventSpec, register_event_types

    register_event_types({"test.happened": EventSpec("Something the tests made happen.", {
        "reason": "why", "when": "a moment", "key": "a key", "step": "how deep"})}, owner="tests")
    yield "test.happened"
    EVENT_TYPES.unregister("test.happened")
