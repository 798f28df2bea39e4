"""`make faults`: fault drills during a steady load on the production topology (mpdeploy/load.py's
stack: PostgreSQL, Redis, gunicorn, worker, beat, nginx; locust users in the background).

Drills (FAULTS=disk,redis,worker,postgres picks; each prints what it checked):
- disk:     the proofs directory on a full 1 MB tmpfs: an upload gets 507 `storage_full` (JSON),
            no file is left and the appointment row is unchanged. Needs root (mount).
- redis:    redis-server stopped for a while, then started on its port: the web keeps serving
            (no 5xx) and takes writes; a Telegram notice raised meanwhile is kept (its delivery
            pending, the worker handlers of its events as `PendingHandlerRun` rows) and is sent
            exactly once after the restart; the worker runs jobs sent after the restart.
- worker:   the Celery worker SIGKILLed while it sends a Telegram notice (the local Telegram
            holds the request): the notice is not lost, the send is retried by the next worker once
            its lease (NOTIFICATION_SEND_LEASE_SECONDS, 30 s here) runs out and is delivered once;
            the delivery row says SENT after 2 attempts.
- postgres: the stack's own PostgreSQL cluster (pg_createcluster on a free port, dropped at the
            end: the machine's server and its other users are not disturbed) restarted with
            `pg_ctlcluster ... restart`: during the gap readiness answers 503 and requests get 503
            with a JSON body, never a 500 or a hang (10 s timeout); afterwards 200 again and the
            load's invariants hold (no half-written transition).
Telegram is a local HTTP server speaking the Bot API's sendMessage (real HTTP from the worker).
It counts a message as delivered when it answered it; a request whose sender died before the
answer is "dropped" — what the real Telegram did with it then can't be known (it has no
idempotency key), which is why the send is retried: at least once on the channel, exactly once in
our records.

    python -m mpdeploy.faults [--drills disk,redis,worker,postgres] [--shared-pg] [--keep]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import psycopg
import requests

from .journey import png_bytes
from .load import PASSWORD, REPORT_DIR, LoadStack, bootstrap_admin, check_invariants, read_record, register_pool
from .processes import SmokeFailure, free_port, port_open, wait_for
from .prod_smoke import BACKEND_DIR, DEFAULT_PG, DEFAULT_SPA, VENV_BIN, log

HTTPS = {"X-Forwarded-Proto": "https"}
TIMEOUT = 10
TELEGRAM_TOKEN = "4242:drill-token"
CHAT_ID = 424242
SEND_LEASE_SECONDS = 30


class FakeTelegram:
    """Telegram's sendMessage on loopback. `hold_next(needle)` makes the next request about `needle` wait (30 s at
    most) for `release()`; if its sender goes away meanwhile it is recorded as dropped."""

    def __init__(self) -> None:
        self.sent: list[dict] = []
        self.lock = threading.Lock()
        self._hold = threading.Event()
        self.holding = threading.Event()
        self._release = threading.Event()
        self._needle = ""
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                return

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
                entry = {"path": self.path.replace(TELEGRAM_TOKEN, "<token>"), "chat_id": body.get("chat_id"),
                         "text": body.get("text", ""), "outcome": "delivered"}
                if fake._hold.is_set() and fake._needle in entry["text"]:
                    fake._hold.clear()
                    fake.holding.set()
                    if fake._sender_left(self.connection):
                        entry["outcome"] = "dropped"
                        with fake.lock:
                            fake.sent.append(entry)
                        self.close_connection = True
                        return
                with fake.lock:
                    fake.sent.append(entry)
                payload = json.dumps({"ok": True, "result": {"message_id": len(fake.sent)}}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _sender_left(self, connection: socket.socket) -> bool:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not self._release.is_set():
            readable, _, _ = select.select([connection], [], [], 0.2)
            if readable:
                try:
                    if connection.recv(1, socket.MSG_PEEK) == b"":
                        return True
                except OSError:
                    return True
        return False

    def hold_next(self, needle: str) -> None:
        """Hold the next request whose text holds `needle`."""
        self._needle = needle
        self._release.clear()
        self.holding.clear()
        self._hold.set()

    def release(self) -> None:
        self._release.set()

    def about(self, needle: str) -> list[dict]:
        with self.lock:
            return [entry for entry in self.sent if needle in entry["text"]]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class PrivateCluster:
    """A PostgreSQL cluster of the drill's own (Debian's pg_createcluster), so restarting it
    disturbs nobody else on the machine."""

    def __init__(self) -> None:
        self.version = os.environ.get("PG_VERSION") or sorted(os.listdir("/etc/postgresql"))[0]
        self.name = f"mpfaults{os.getpid()}"
        self.port = free_port(5490, 5589)
        self.created = False

    def create(self) -> str:
        subprocess.run(["pg_createcluster", self.version, self.name, "-p", str(self.port), "--start", "--",
                        "--auth=trust"], check=True, capture_output=True, text=True, timeout=120)
        self.created = True
        wait_for("the drill's PostgreSQL", lambda: port_open(self.port), timeout=30)
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def restart(self) -> None:
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", self.version, self.name, "restart", "-m",
                        "fast"], check=True, capture_output=True, text=True, timeout=120)

    def drop(self) -> None:
        if self.created:
            subprocess.run(["pg_dropcluster", "--stop", self.version, self.name], check=False, capture_output=True,
                           timeout=120)


class FaultStack(LoadStack):
    """The load's stack with Telegram pointed at the local fake, a short send lease, and one
    environment for the whole run (a worker started again gets the same one)."""

    def __init__(self, *args, telegram: FakeTelegram, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.telegram = telegram
        self._environment: dict[str, str] | None = None

    def app_environment(self) -> dict[str, str]:
        if self._environment is None:
            env = super().app_environment()
            env.update({"TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN,
                        "TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{self.telegram.port}",
                        "NOTIFICATION_SEND_LEASE_SECONDS": str(SEND_LEASE_SECONDS)})
            self._environment = env
        return dict(self._environment)


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


class Drills:
    def __init__(self, stack: FaultStack, base: str, setup: dict, record_path: Path,
                 cluster: PrivateCluster | None = None) -> None:
        self.stack, self.base, self.setup, self.record_path = stack, base, setup, record_path
        self.cluster = cluster
        self.client = setup["clients"][0]
        self.master = setup["masters"][0]
        self.checked: list[str] = []
        self._telegram_client: dict | None = None

    @property
    def telegram(self) -> FakeTelegram:
        return self.stack.telegram

    def sql(self, statement: str, params: list) -> list[tuple]:
        with psycopg.connect(self.stack.database.url(), autocommit=True, connect_timeout=10) as connection:
            cursor = connection.execute(statement, params)
            return cursor.fetchall() if cursor.description else []

    def telegram_client(self) -> dict:
        """A client of the drills' own (the load's users never touch their requests) whose
        account is linked to the fake Telegram chat."""
        if self._telegram_client is None:
            response = self.call("POST", "/api/v1/auth/register/", json={
                "username": f"drill-tg-{secrets.token_hex(4)}", "password": PASSWORD, "role": "client"})
            check(response.status_code == 201, f"register: {response.status_code} {response.text[:200]}")
            body = response.json()
            self.sql("UPDATE accounts_user SET telegram_id = %s WHERE id = %s", [CHAT_ID, body["user"]["id"]])
            self._telegram_client = {"id": body["user"]["id"], "token": body["access"]}
        return self._telegram_client

    def take_notice(self, title: str) -> int:
        """The Telegram client asks for `title`, a master takes it: the client is told (a Telegram
        notice, sent by the worker). Returns the appointment's id."""
        created = self.call("POST", "/api/v1/appointments/", self.telegram_client()["token"],
                            json={"title": title, "description": "a notice for the drill"})
        check(created.status_code == 201, f"create: {created.status_code} {created.text[:200]}")
        pk = created.json()["id"]
        taken = self.call("POST", f"/api/v1/appointments/{pk}/take/", self.master["token"])
        # a load's master may have been quicker: the client is told either way
        check(taken.status_code == 200 or (taken.status_code == 409 and taken.json().get("code") == "already_taken"),
              f"take: {taken.status_code} {taken.text[:200]}")
        return pk

    def taken_sends(self, title: str) -> list[dict]:
        return [e for e in self.telegram.about(title) if "took" in e["text"] or "взял" in e["text"]]

    def delivery_of(self, pk: int) -> tuple | None:
        rows = self.sql(
            "SELECT d.status, d.attempts FROM platform_notificationdelivery d "
            "JOIN platform_notification n ON n.id = d.notification_id "
            "WHERE n.user_id = %s AND n.subject_id = %s AND d.channel = 'telegram' ORDER BY d.id",
            [self.telegram_client()["id"], str(pk)])
        return rows[0] if rows else None

    def ok(self, text: str) -> None:
        self.checked.append(text)
        log(f"  ok  {text}")

    def call(self, method: str, path: str, token: str | None = None, **kwargs) -> requests.Response:
        headers = {**HTTPS, **({"Authorization": f"Bearer {token}"} if token else {})}
        return requests.request(method, self.base + path, headers=headers, timeout=TIMEOUT, **kwargs)

    def awaiting_payment(self) -> int:
        created = self.call("POST", "/api/v1/appointments/", self.client["token"],
                            json={"title": "Fault drill", "description": "disk"})
        check(created.status_code == 201, f"create: {created.status_code} {created.text[:200]}")
        pk = created.json()["id"]
        for action, token, body in (("take", self.master["token"], None),
                                    ("set-price", self.master["token"], {"price": "100.00"})):
            response = self.call("POST", f"/api/v1/appointments/{pk}/{action}/", token, json=body)
            check(response.status_code == 200, f"{action}: {response.status_code} {response.text[:200]}")
        return pk

    # --- disk ------------------------------------------------------------------------------------

    def disk(self) -> None:
        private = self.stack.state / "private"
        pk = self.awaiting_payment()
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(private)],
                                 capture_output=True, text=True, check=False)
        if mounted.returncode:
            log(f"  skip disk: cannot mount a tmpfs here ({mounted.stderr.strip()})")
            return
        try:
            private.chmod(0o777)
            filler = private / "filler"
            with filler.open("wb") as handle, contextlib.suppress(OSError):
                while True:
                    handle.write(b"\0" * 65536)
                    handle.flush()
            # Small leftovers still fit small files: fill to the last block.
            with contextlib.suppress(OSError), (private / "filler2").open("wb") as handle:
                while True:
                    handle.write(b"\0" * 512)
                    handle.flush()
            before = sorted(str(p) for p in private.rglob("*") if p.is_file())
            response = self.call("POST", f"/api/v1/appointments/{pk}/upload-payment-proof/", self.client["token"],
                                 files={"file": ("receipt.png", png_bytes((200, 200)), "image/png")})
            check(response.status_code == 507, f"upload on a full disk: {response.status_code} {response.text[:200]}")
            check(response.headers.get("Content-Type", "").startswith("application/json")
                  and response.json().get("code") == "storage_full", f"body: {response.text[:200]}")
            self.ok(f"full proofs disk: upload answered 507 storage_full ({response.json()['detail']!r})")
            after = sorted(str(p) for p in private.rglob("*") if p.is_file())
            check(after == before, f"files changed on the full disk: {set(after) ^ set(before)}")
            self.ok("no file (not even a partial one) was left on the full disk")
            with psycopg.connect(self.stack.database.url()) as connection:
                row = connection.execute("SELECT status, payment_proof FROM appointments_appointment WHERE id = %s",
                                         [pk]).fetchone()
            check(row == ("AWAITING_PAYMENT", ""), f"the row changed: {row}")
            self.ok("the appointment row is unchanged (AWAITING_PAYMENT, no proof)")
        finally:
            subprocess.run(["umount", "-l", str(private)], check=False)
        response = self.call("POST", f"/api/v1/appointments/{pk}/upload-payment-proof/", self.client["token"],
                             files={"file": ("receipt.png", png_bytes(), "image/png")})
        check(response.status_code == 200,
              f"upload after the disk has room: {response.status_code} {response.text[:200]}")
        self.ok("with room again the same upload succeeds")

    # --- redis -----------------------------------------------------------------------------------

    def redis(self) -> None:
        redis = next(p for p in self.stack.supervisor.processes if p.name == "redis")
        redis.stop()
        self.stack.supervisor.processes.remove(redis)
        check(not port_open(self.stack.redis_port), "redis still answers")
        statuses = []
        for _ in range(10):
            started = time.monotonic()
            response = self.call("GET", "/api/v1/appointments/my/?page_size=5", self.client["token"])
            statuses.append((response.status_code, round(time.monotonic() - started, 2)))
        check(all(status == 200 for status, _ in statuses), f"with Redis down: {statuses}")
        self.ok(f"Redis down: the web keeps serving (10 reads: {sorted({s for s, _ in statuses})}, "
                f"slowest {max(t for _, t in statuses)} s)")
        created = self.call("POST", "/api/v1/appointments/", self.client["token"],
                            json={"title": "Redis down", "description": "write"})
        check(created.status_code == 201, f"a write with Redis down: {created.status_code} {created.text[:200]}")
        self.ok("Redis down: writes go through (request created)")
        title = f"Redis drill {secrets.token_hex(3)}"
        pk = self.take_notice(title)
        time.sleep(2)
        delivery = self.delivery_of(pk)
        check(delivery is not None and delivery[0] == "pending", f"the notice's delivery with Redis down: {delivery}")
        pending = self.sql("SELECT COUNT(*) FROM platform_pendinghandlerrun", [])[0][0]
        check(pending > 0, "no worker handler was kept while the broker was down")
        check(not self.taken_sends(title), "Telegram got the notice while Redis was down?")
        self.ok(f"Redis down: the Telegram notice is kept (delivery pending), {pending} worker handler runs kept")
        self.stack.supervisor.start("redis", ["redis-server", "--port", str(self.stack.redis_port), "--bind",
                                              "127.0.0.1", "--save", "", "--appendonly", "no", "--dir",
                                              str(self.stack.work)], cwd=self.stack.work, env=dict(os.environ))
        wait_for("redis again", lambda: port_open(self.stack.redis_port), timeout=20)
        self.ok("Redis started again on its port")
        self.stack.check_worker_runs_jobs()
        self.ok("the worker reconnected and runs jobs sent after the restart")
        # the retry job (every 60 s) sends what waited; the requeue job queues the kept handlers
        wait_for("the kept notice to reach Telegram", lambda: self.taken_sends(title), timeout=150, interval=1)
        wait_for("the kept handler runs to be queued",
                 lambda: self.sql("SELECT COUNT(*) FROM platform_pendinghandlerrun", [])[0][0] == 0,
                 timeout=150, interval=2)
        time.sleep(3)
        sends = self.taken_sends(title)
        delivery = self.delivery_of(pk)
        check(len(sends) == 1 and sends[0]["outcome"] == "delivered", f"Telegram got the notice {len(sends)} times")
        check(delivery == ("sent", 1), f"the delivery row after the outage: {delivery}")
        self.ok("after the restart the notice reached Telegram exactly once (delivery sent, 1 attempt); "
                "no worker handler run is left pending")

    # --- worker ----------------------------------------------------------------------------------

    def worker(self) -> None:
        worker = next(p for p in self.stack.supervisor.processes if p.name == "worker")
        argv = list(worker.popen.args)
        title = f"Worker drill {secrets.token_hex(3)}"
        self.telegram.hold_next(title)
        pk = self.take_notice(title)
        check(self.telegram.holding.wait(60), "the worker never started sending the notice")
        delivery = self.delivery_of(pk)
        check(delivery == ("sending", 1), f"the delivery while its send is under way: {delivery}")
        os.killpg(worker.popen.pid, signal.SIGKILL)
        worker.popen.wait(timeout=10)
        self.stack.supervisor.processes.remove(worker)
        self.ok("the worker was SIGKILLed while sending the notice (Telegram held the request)")
        wait_for("the held request to be dropped", lambda: [e for e in self.taken_sends(title)
                                                              if e["outcome"] == "dropped"], timeout=35, interval=0.5)
        self.telegram.release()
        self.ok("Telegram saw the sender go away before its answer (dropped)")
        self.stack.supervisor.start("worker", argv, cwd=BACKEND_DIR,
                                    env=self.stack.app_environment())
        started = time.monotonic()
        wait_for("the retried notice", lambda: [e for e in self.taken_sends(title) if e["outcome"] == "delivered"],
                 timeout=SEND_LEASE_SECONDS + 150, interval=1)
        took = time.monotonic() - started
        time.sleep(3)
        sends = self.taken_sends(title)
        delivered = [e for e in sends if e["outcome"] == "delivered"]
        delivery = self.delivery_of(pk)
        check(len(delivered) == 1, f"the notice was delivered {len(delivered)} times")
        check(delivery == ("sent", 2), f"the delivery row after the retry: {delivery}")
        self.ok(f"a new worker retried the send after the lease ({took:.0f} s): delivered once, the row says "
                f"sent after 2 attempts ({len(sends)} requests reached Telegram: 1 dropped, 1 answered)")

    # --- postgres --------------------------------------------------------------------------------

    def postgres(self) -> None:
        results: list[tuple[float, str, int | str, str]] = []
        stop = threading.Event()

        def probe() -> None:
            while not stop.is_set():
                for path, token in (("/api/v1/health/", None), ("/api/v1/appointments/my/?page_size=5",
                                                                  self.client["token"])):
                    started = time.monotonic()
                    try:
                        response = self.call("GET", path, token)
                        kind = response.headers.get("Content-Type", "")
                        results.append((time.monotonic() - started, path, response.status_code, kind))
                    except requests.RequestException as exc:
                        results.append((time.monotonic() - started, path, exc.__class__.__name__, ""))
                time.sleep(0.1)

        thread = threading.Thread(target=probe, daemon=True)
        thread.start()
        time.sleep(2)
        check(self.cluster is not None, "the postgres drill needs the drill's own cluster (not --shared-pg)")
        log(f"restarting the drill's PostgreSQL {self.cluster.version}/{self.cluster.name} (pg_ctlcluster)")
        restart_started = time.monotonic()
        self.cluster.restart()
        log(f"  PostgreSQL back after {time.monotonic() - restart_started:.1f}s")
        time.sleep(8)
        stop.set()
        thread.join(timeout=30)
        statuses = {}
        for _elapsed, path, status, _ in results:
            statuses.setdefault(path, []).append(status)
        bad = [(path, status, kind) for _, path, status, kind in results
               if status not in (200, 503) or (status == 503 and "json" not in kind)]
        check(not bad, f"during the restart: {bad[:5]}")
        slowest = max(elapsed for elapsed, *_ in results)
        check(slowest < TIMEOUT, f"a request hung {slowest:.1f}s")
        for path, seen in statuses.items():
            self.ok(f"{path} during the restart: {len(seen)} probes, statuses {sorted(set(map(str, seen)))} "
                    f"(only 200 or JSON 503), slowest {slowest:.1f}s")
        check(statuses["/api/v1/health/"][-1] == 200, "readiness is not 200 after the restart")
        self.ok("readiness answers 200 again after the restart")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--drills", default=os.environ.get("FAULTS", "disk,redis,worker,postgres"))
    parser.add_argument("--users", type=int, default=int(os.environ.get("FAULTS_USERS", "4")))
    parser.add_argument("--spa", type=Path, default=DEFAULT_SPA)
    parser.add_argument("--pg-url", default=DEFAULT_PG)
    parser.add_argument("--shared-pg", action="store_true",
                        help="use --pg-url's server instead of a cluster of the drills' own (no postgres drill)")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    drills = [name.strip() for name in args.drills.split(",") if name.strip()]

    def interrupted(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)
    work = Path(tempfile.mkdtemp(prefix="mp-faults-"))
    spa = args.spa
    if not (spa / "index.html").is_file():
        spa = work / "stub-spa"
        spa.mkdir()
        (spa / "index.html").write_text("<!doctype html><title>faults</title>")
    cluster = None if args.shared_pg else PrivateCluster()
    telegram = FakeTelegram()
    REPORT_DIR.mkdir(parents=True, exist_ok=True)
    record_path = REPORT_DIR / "faults-record.jsonl"
    record_path.unlink(missing_ok=True)
    locust = None
    ok = False
    checked: list[str] = []
    stack = None
    try:
        pg_url = args.pg_url
        if cluster is not None:
            pg_url = cluster.create()
            log(f"the drills' own PostgreSQL cluster {cluster.version}/{cluster.name} on port {cluster.port}")
        stack = FaultStack(work, spa=spa.resolve(), pg_url=pg_url, telegram=telegram)
        stack.start()
        base = f"http://127.0.0.1:{stack.nginx_port}"
        setup = bootstrap_admin(base)
        register_pool(base, setup, clients=args.users, masters=max(2, args.users // 2))
        setup_path = work / "setup.json"
        setup_path.write_text(json.dumps(setup))
        env = {**os.environ, "LOAD_SETUP": str(setup_path), "LOAD_RECORD": str(record_path),
               "LOAD_PASSWORD": PASSWORD}
        locust = subprocess.Popen(
            [str(VENV_BIN / "locust"), "-f", str(Path(__file__).with_name("locustfile.py")), "--headless",
             "-u", str(args.users), "-r", str(args.users), "--run-time", "3600s", "--host", base,
             "--csv", str(work / "steady"), "--only-summary", "--loglevel", "WARNING"],
            env=env, stdout=(work / "locust.log").open("wb"), stderr=subprocess.STDOUT, start_new_session=True)
        log(f"steady load: {args.users} locust users in the background")
        time.sleep(15)
        runner = Drills(stack, base, setup, record_path, cluster)
        for name in drills:
            log(f"drill: {name}")
            getattr(runner, name)()
        checked = runner.checked
        os.killpg(locust.pid, signal.SIGINT)
        locust.wait(timeout=60)
        time.sleep(2)
        log("after the drills: the load's invariants")
        check_invariants(stack.database.url(), read_record(record_path))
        ok = True
    except Exception as exc:
        log(f"\nfaults FAILED: {exc.__class__.__name__}: {exc}")
        if not isinstance(exc, SmokeFailure):
            log(traceback.format_exc())
        if stack is not None:
            stack.dump_logs()
    finally:
        if locust and locust.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(locust.pid, signal.SIGKILL)
        if stack is not None:
            stack.stop()
        telegram.stop()
        if cluster is not None:
            cluster.drop()
        (REPORT_DIR / "faults.json").write_text(json.dumps({"drills": drills, "checked": checked, "passed": ok},
                                                           indent=2))
        if args.keep or not ok:
            log(f"work directory kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    log("faults passed" if ok else "faults FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
