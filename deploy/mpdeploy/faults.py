"""`make faults`: fault drills during a steady load on the production topology (mpdeploy/load.py's
stack: PostgreSQL, Redis, gunicorn, worker, beat, nginx; locust users in the background).

Drills (FAULTS=disk,redis,postgres picks; each prints what it checked):
- disk:     the proofs directory on a full 1 MB tmpfs: an upload gets 507 `storage_full` (JSON),
            no file is left and the appointment row is unchanged. Needs root (mount).
- redis:    redis-server stopped for a while, then started on its port: the web keeps serving
            (no 5xx), the worker runs a job sent after the restart.
- postgres: `pg_ctlcluster --skip-systemctl-redirect <ver> main restart` (disturbs every user of
            the server: run it rarely): during the gap readiness answers 503 and requests get 503
            with a JSON body, never a 500 or a hang (10 s timeout); afterwards 200 again and the
            load's invariants hold (no half-written transition).
Not drilled yet: a worker killed mid-delivery (see docs/performance.md).

    python -m mpdeploy.faults [--drills disk,redis,postgres] [--keep]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

import psycopg
import requests

from .journey import png_bytes
from .load import PASSWORD, REPORT_DIR, LoadStack, bootstrap_admin, check_invariants, read_record, register_pool
from .processes import SmokeFailure, port_open, wait_for
from .prod_smoke import DEFAULT_PG, DEFAULT_SPA, VENV_BIN, log

HTTPS = {"X-Forwarded-Proto": "https"}
TIMEOUT = 10


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


class Drills:
    def __init__(self, stack: LoadStack, base: str, setup: dict, record_path: Path) -> None:
        self.stack, self.base, self.setup, self.record_path = stack, base, setup, record_path
        self.client = setup["clients"][0]
        self.master = setup["masters"][0]
        self.checked: list[str] = []

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
        self.stack.supervisor.start("redis", ["redis-server", "--port", str(self.stack.redis_port), "--bind",
                                              "127.0.0.1", "--save", "", "--appendonly", "no", "--dir",
                                              str(self.stack.work)], cwd=self.stack.work, env=dict(os.environ))
        wait_for("redis again", lambda: port_open(self.stack.redis_port), timeout=20)
        self.ok("Redis started again on its port")
        self.stack.check_worker_runs_jobs()
        self.ok("the worker reconnected and runs jobs sent after the restart")

    # --- postgres --------------------------------------------------------------------------------

    def postgres(self) -> None:
        version = os.environ.get("PG_VERSION") or sorted(os.listdir("/etc/postgresql"))[0]
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
        log(f"restarting PostgreSQL {version} (pg_ctlcluster)")
        restart_started = time.monotonic()
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart", "-m", "fast"],
                       check=True, capture_output=True, text=True, timeout=120)
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
    parser.add_argument("--drills", default=os.environ.get("FAULTS", "disk,redis,postgres"))
    parser.add_argument("--users", type=int, default=int(os.environ.get("FAULTS_USERS", "4")))
    parser.add_argument("--spa", type=Path, default=DEFAULT_SPA)
    parser.add_argument("--pg-url", default=DEFAULT_PG)
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
    stack = LoadStack(work, spa=spa.resolve(), pg_url=args.pg_url)
    REPORT_DIR.mkdir(parents=True, exist_ok=True)
    record_path = REPORT_DIR / "faults-record.jsonl"
    record_path.unlink(missing_ok=True)
    locust = None
    ok = False
    checked: list[str] = []
    try:
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
        runner = Drills(stack, base, setup, record_path)
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
        stack.dump_logs()
    finally:
        if locust and locust.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(locust.pid, signal.SIGKILL)
        stack.stop()
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
