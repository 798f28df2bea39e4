"""The users of `make load` (mpdeploy/load.py), through nginx; no Django here (locust only).

- clients create requests, chat in them, upload a payment proof and mark it paid;
- masters take requests from the queue, price them, confirm payments, chat;
- admins browse the admin lists and the dashboard.

Expected refusals of a busy marketplace (409 `already_taken` when another master took the request
first, 409 `invalid_transition` when a status moved meanwhile) are successes for the figures;
anything else that is not 2xx is a failure. What the users saw succeed is appended to
LOAD_RECORD (JSON lines) so the driver can check it against the database afterwards.

Environment: LOAD_SETUP (JSON file: the admin's token), LOAD_RECORD, LOAD_PASSWORD.
"""

from __future__ import annotations

import itertools
import json
import os
import secrets
import struct
import threading
import zlib
from pathlib import Path

from locust import FastHttpUser, between, task

SETUP = json.loads(Path(os.environ["LOAD_SETUP"]).read_text()) if os.environ.get("LOAD_SETUP") else {}
RECORD_PATH = os.environ.get("LOAD_RECORD", "")
PASSWORD = os.environ.get("LOAD_PASSWORD", "Load-pass-" + secrets.token_hex(6))
HEADERS = {"X-Forwarded-Proto": "https"}  # what the TLS terminator in front of nginx adds
_lock = threading.Lock()
_counters: dict[str, itertools.count] = {}


def record(kind: str, **data) -> None:
    if not RECORD_PATH:
        return
    line = json.dumps({"kind": kind, **data}) + "\n"
    with _lock, open(RECORD_PATH, "a") as handle:
        handle.write(line)


def png() -> bytes:
    """A small valid PNG (no Pillow here): 8x8 grey."""
    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    raw = b"".join(b"\x00" + bytes([secrets.randbelow(256)]) * 8 for _ in range(8))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


EXPECTED_CONFLICTS = {"already_taken", "invalid_transition"}


def multipart(field: str, filename: str, content_type: str, content: bytes) -> tuple[bytes, str]:
    """One file as a multipart/form-data body and its Content-Type (FastHttpUser takes raw bodies)."""
    boundary = f"load-{secrets.token_hex(12)}"
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n").encode()
    return head + content + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


class Marketplace(FastHttpUser):
    """geventhttpclient rather than requests: the load generator shares the machine's two cores,
    and its own parsing time would otherwise show in the tail it measures."""

    abstract = True
    wait_time = between(0.5, 2.0)
    role = "client"

    def on_start(self) -> None:
        """One of the accounts the driver registered beforehand (registration's password hashing
        is not what the figures measure); without a pool, register here."""
        pool = SETUP.get(f"{self.role}s") or []
        if pool:
            account = pool[next(_counters.setdefault(self.role, itertools.count())) % len(pool)]
            self.token, self.user_id = account["token"], account["id"]
            return
        self.username = f"load-{self.role}-{secrets.token_hex(5)}"
        with self.client.post("/api/v1/auth/register/", json={"username": self.username, "password": PASSWORD,
                                                               "role": self.role},
                              headers=HEADERS, name="register", catch_response=True) as response:
            if response.status_code != 201:
                response.failure(f"register {response.status_code}: {response.text[:200]}")
                raise RuntimeError("could not register")
            body = response.json()
            self.token = body["access"]
            self.user_id = body["user"]["id"]
        if self.role == "master":
            admin = {**HEADERS, "Authorization": f"Bearer {SETUP['admin_token']}"}
            with self.client.post(f"/api/v1/admin/masters/{self.user_id}/activate/", headers=admin,
                                  name="activate master", catch_response=True) as response:
                if response.status_code != 200:
                    response.failure(f"activate {response.status_code}: {response.text[:200]}")

    def headers(self) -> dict:
        return {**HEADERS, "Authorization": f"Bearer {self.token}"}

    def get(self, path: str, name: str):
        with self.client.get(path, headers=self.headers(), name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}: {response.text[:200]}")
                return None
            return response.json()

    def transition(self, appointment_id: int, action: str, name: str, *, content_type: str = "", **kwargs):
        """POST an action; 200 -> recorded and returned; an expected conflict -> None (not a failure)."""
        headers = {**self.headers(), **({"Content-Type": content_type} if content_type else {})}
        with self.client.post(f"/api/v1/appointments/{appointment_id}/{action}/", headers=headers,
                              name=name, catch_response=True, **kwargs) as response:
            if response.status_code == 200:
                body = response.json()
                record("transition", appointment=appointment_id, action=action, status=body["status"],
                       user=self.user_id)
                return body
            if response.status_code == 409 and _code(response) in EXPECTED_CONFLICTS:
                response.success()
                return None
            response.failure(f"{action} {response.status_code}: {response.text[:200]}")
            return None

    def say(self, appointment_id: int) -> None:
        token = f"load-msg-{secrets.token_hex(8)}"
        with self.client.post(f"/api/v1/appointments/{appointment_id}/messages/", json={"text": token},
                              headers=self.headers(), name="message", catch_response=True) as response:
            if response.status_code == 201:
                record("message", appointment=appointment_id, text=token, id=response.json().get("id"))
            else:
                response.failure(f"message {response.status_code}: {response.text[:200]}")

    def mine(self, status: str) -> list[dict]:
        body = self.get(f"/api/v1/appointments/my/?status={status}&page_size=10", f"my?status={status}")
        return body["results"] if body else []


def _code(response) -> str:
    try:
        return response.json().get("code", "")
    except ValueError:
        return ""


class Client(Marketplace):
    weight = 6
    role = "client"

    @task(3)
    def create_request(self) -> None:
        with self.client.post("/api/v1/appointments/", json={"title": f"Load {secrets.token_hex(3)}",
                                                              "description": "A request under load"},
                              headers=self.headers(), name="create", catch_response=True) as response:
            if response.status_code == 201:
                body = response.json()
                record("created", appointment=body["id"], status=body["status"], user=self.user_id)
            else:
                response.failure(f"create {response.status_code}: {response.text[:200]}")

    @task(4)
    def chat(self) -> None:
        active = self.get("/api/v1/appointments/active/?page_size=5", "active")
        if active and active["results"]:
            appointment = secrets.choice(active["results"])
            self.get(f"/api/v1/appointments/{appointment['id']}/messages/", "messages")
            self.say(appointment["id"])

    @task(2)
    def pay(self) -> None:
        for appointment in self.mine("AWAITING_PAYMENT")[:1]:
            body, content_type = multipart("file", "receipt.png", "image/png", png())
            if self.transition(appointment["id"], "upload-payment-proof", "upload-payment-proof", data=body,
                               content_type=content_type):
                self.transition(appointment["id"], "mark-paid", "mark-paid")

    @task(2)
    def browse(self) -> None:
        body = self.get("/api/v1/appointments/my/?page_size=20", "my")
        if body and body["results"]:
            self.get(f"/api/v1/appointments/{body['results'][0]['id']}/", "detail")


class Master(Marketplace):
    weight = 3
    role = "master"

    @task(3)
    def take(self) -> None:
        queue = self.get("/api/v1/appointments/new/?page_size=10", "new")
        if queue and queue["results"]:
            self.transition(secrets.choice(queue["results"])["id"], "take", "take")

    @task(2)
    def price(self) -> None:
        for appointment in self.mine("IN_REVIEW")[:1]:
            self.transition(appointment["id"], "set-price", "set-price", json={"price": "1500.00"})

    @task(2)
    def confirm(self) -> None:
        for appointment in self.mine("PAYMENT_PROOF_UPLOADED")[:1]:
            self.transition(appointment["id"], "confirm-payment", "confirm-payment")

    @task(2)
    def chat(self) -> None:
        for appointment in self.mine("IN_REVIEW,AWAITING_PAYMENT")[:1]:
            self.say(appointment["id"])


class Admin(Marketplace):
    weight = 1
    role = "admin"

    def on_start(self) -> None:  # the one admin the driver bootstrapped
        self.token = SETUP["admin_token"]
        self.user_id = SETUP["admin_id"]

    @task
    def appointments(self) -> None:
        self.get("/api/v1/admin/appointments/?page_size=20", "admin appointments")

    @task
    def users(self) -> None:
        self.get("/api/v1/admin/users/?page_size=20", "admin users")

    @task
    def dashboard(self) -> None:
        self.get("/api/v1/dashboard/", "dashboard")
