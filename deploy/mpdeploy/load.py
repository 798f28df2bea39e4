"""`make load`: the production topology natively (as `make prod-smoke` starts it: PostgreSQL,
Redis, gunicorn with production settings, the Celery worker and beat, nginx) and locust headless
on loopback against nginx (mpdeploy/locustfile.py: clients, masters, admins).

1. Steps the user count up (LOAD_STEPS, default 4,8,16,32,48; LOAD_STEP_SECONDS each, default
   60) and finds the knee: the last step before the one where p99 grows faster than throughput.
2. Holds 80% of the knee's users for LOAD_HOLD_SECONDS (default 600): p99 <= 3 x p50, 0 errors.
3. Checks invariants in the database: every message the users sent is there exactly once, every
   transition they saw succeed is on the timeline, no appointment is in a state its timeline does
   not explain.
4. Writes var/load/report.json and var/load/latency.png (p50/p99 over the run, Pillow-drawn).

    python -m mpdeploy.load [--hold SECONDS] [--steps 4,8,16] [--step-seconds 30] [--keep]
    python -m mpdeploy.load --hold-users 13 --hold 180   # no steps: hold that many (to compare changes)
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import asdict, dataclass
from pathlib import Path

import psycopg
import requests

from . import REPO_DIR
from .processes import SmokeFailure
from .prod_smoke import DEFAULT_PG, DEFAULT_SPA, VENV_BIN, Stack, log
from .topology import image_environment

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
REPORT_DIR = Path(os.environ.get("LOAD_REPORT_DIR", str(REPO_DIR / "var" / "load")))
PASSWORD = "Load-" + secrets.token_urlsafe(12)


class LoadStack(Stack):
    """prod-smoke's stack with the per-address throttles opened (every locust user comes from
    127.0.0.1) and tokens that outlive the run."""

    start_timeout = 900  # a busy machine migrates slowly

    def app_environment(self) -> dict[str, str]:
        env = super().app_environment()
        for name in ("LOGIN", "REGISTER", "REFRESH", "MESSAGES", "UPLOADS"):
            env[f"THROTTLE_{name}"] = "1000000/min"
        env["ACCESS_TOKEN_MINUTES"] = "240"
        # gunicorn's own service time per request id: nginx's time minus this one is the wait
        env["GUNICORN_CMD_ARGS"] += " --access-logformat 'T %({x-request-id}i)s %(D)s %(r)s'"
        # the production image's worker count (prod-smoke runs 2 to spare the machine)
        env["WEB_CONCURRENCY"] = os.environ.get("LOAD_WEB_CONCURRENCY",
                                                image_environment().get("WEB_CONCURRENCY", "3"))
        return env


@dataclass
class Step:
    users: int
    seconds: float
    requests: int
    failures: int
    rps: float
    p50: float
    p99: float
    csv_prefix: str = ""


def run_locust(base: str, users: int, seconds: int, prefix: Path, env: dict[str, str]) -> Step:
    command = [str(VENV_BIN / "locust"), "-f", str(LOCUSTFILE), "--headless", "-u", str(users),
               "-r", str(max(1, users)), "--run-time", f"{seconds}s", "--host", base, "--csv", str(prefix),
               "--csv-full-history", "--only-summary", "--stop-timeout", "10", "--exit-code-on-error", "0",
               "--loglevel", "WARNING"]
    started = time.monotonic()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=seconds + 180, check=False)
    if done.returncode != 0:
        raise SmokeFailure(f"locust exited {done.returncode}:\n{done.stderr[-3000:]}")
    row = _aggregated(Path(f"{prefix}_stats.csv"))
    return Step(users=users, seconds=round(time.monotonic() - started, 1), requests=int(row["Request Count"]),
                failures=int(row["Failure Count"]), rps=float(row["Requests/s"]), p50=float(row["50%"]),
                p99=float(row["99%"]), csv_prefix=str(prefix))


def endpoints_of(prefix: str) -> list[dict]:
    """Each request name's count, p50, p99 and max (ms) from locust's stats CSV, slowest p99 first."""
    rows = []
    with Path(f"{prefix}_stats.csv").open() as handle:
        for row in csv.DictReader(handle):
            if row["Name"] != "Aggregated" and int(row["Request Count"] or 0):
                rows.append({"name": f"{row['Type']} {row['Name']}", "requests": int(row["Request Count"]),
                             "failures": int(row["Failure Count"]), "p50": float(row["50%"]),
                             "p99": float(row["99%"]), "max": float(row["Max Response Time"])})
    return sorted(rows, key=lambda r: -r["p99"])


def _aggregated(path: Path) -> dict[str, str]:
    with path.open() as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated":
                return row
    raise SmokeFailure(f"no Aggregated row in {path}")


def failures_of(prefix: str) -> list[dict[str, str]]:
    path = Path(f"{prefix}_failures.csv")
    if not path.exists():
        return []
    with path.open() as handle:
        return list(csv.DictReader(handle))


def find_knee(steps: list[Step]) -> tuple[Step, bool]:
    """The last step before p99 grows faster than throughput (relative growth step over step);
    (the last step, False) when that never happens in the steps run."""
    for previous, current in itertools.pairwise(steps):
        if previous.rps <= 0 or previous.p99 <= 0:
            continue
        if current.p99 / previous.p99 > current.rps / previous.rps:
            return previous, True
    return steps[-1], False


# --- invariants ------------------------------------------------------------------------------------


def read_record(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def check_invariants(database_url: str, record: list[dict]) -> dict:
    messages = [item for item in record if item["kind"] == "message"]
    transitions = [item for item in record if item["kind"] == "transition"]
    created = [item for item in record if item["kind"] == "created"]
    checks: dict[str, object] = {}
    with psycopg.connect(database_url, connect_timeout=10) as connection:
        texts = [item["text"] for item in messages]
        rows = connection.execute("SELECT text, COUNT(*) FROM chat_message WHERE text = ANY(%s) GROUP BY text",
                                  [texts]).fetchall()
        found = dict(rows)
        missing = [text for text in texts if text not in found]
        doubled = [text for text, count in found.items() if count != 1]
        if missing or doubled or len(set(texts)) != len(texts):
            raise SmokeFailure(f"messages: {len(missing)} missing, {len(doubled)} stored more than once "
                               f"(of {len(texts)} sent): {missing[:3]} {doubled[:3]}")
        checks["messages sent and stored exactly once"] = len(texts)

        ids = [item["appointment"] for item in created]
        stored = {row[0] for row in connection.execute(
            "SELECT id FROM appointments_appointment WHERE id = ANY(%s)", [ids])}
        if set(ids) - stored:
            raise SmokeFailure(f"appointments created but not stored: {sorted(set(ids) - stored)[:5]}")
        checks["requests created and stored"] = len(ids)

        events = {}
        for appointment, kind, to_status in connection.execute(
                "SELECT appointment_id, type, to_status FROM appointments_appointmentevent ORDER BY created_at, id"):
            events.setdefault(appointment, []).append((kind, to_status))
        action_events = {"take": "taken", "set-price": "priced", "upload-payment-proof": "payment_proof_uploaded",
                         "mark-paid": "marked_paid", "confirm-payment": "payment_confirmed"}
        absent = []
        for item in transitions:
            wanted = action_events[item["action"]]
            timeline = events.get(item["appointment"], [])
            # The answer shows the appointment as re-read after the commit: another user's next
            # step may already be in it (mark-paid answering PAID), so the status seen must be on
            # the timeline too, not necessarily as this action's event.
            if (not any(kind == wanted for kind, _ in timeline)
                    or item["status"] not in {status for _, status in timeline if status}):
                absent.append(item)
        if absent:
            raise SmokeFailure(f"{len(absent)} successful transitions are not on the timeline: {absent[:3]}")
        checks["successful transitions on the timeline"] = len(transitions)
        # Every action answered 200 once means one event of its kind (a doubled write would show).
        by_kind: dict[tuple[int, str], int] = {}
        for item in transitions:
            if item["action"] != "upload-payment-proof":
                key = (item["appointment"], action_events[item["action"]])
                by_kind[key] = by_kind.get(key, 0) + 1
        doubled_events = [key for key, count in by_kind.items()
                          if sum(1 for kind, _ in events.get(key[0], []) if kind == key[1]) != count]
        if doubled_events:
            raise SmokeFailure(f"transitions whose timeline count differs from the successes: {doubled_events[:5]}")
        checks["one timeline event per successful transition"] = len(by_kind)

        unexplained = []
        for appointment, status in connection.execute("SELECT id, status FROM appointments_appointment"):
            moves = [to_status for _, to_status in events.get(appointment, []) if to_status]
            if (moves[-1] if moves else None) != status:
                unexplained.append((appointment, status, moves[-3:]))
        if unexplained:
            raise SmokeFailure(f"{len(unexplained)} appointments in a state their timeline does not explain: "
                               f"{unexplained[:3]}")
        checks["appointments whose state the timeline explains"] = sum(1 for _ in connection.execute(
            "SELECT 1 FROM appointments_appointment"))
    for name, count in checks.items():
        log(f"  ok  {name}: {count}")
    return checks


# --- report ----------------------------------------------------------------------------------------


def history(prefix: str) -> list[tuple[float, float, float, float]]:
    """(timestamp, rps, p50, p99) per second of a locust run (Aggregated rows)."""
    path = Path(f"{prefix}_stats_history.csv")
    points = []
    if not path.exists():
        return points
    with path.open() as handle:
        for row in csv.DictReader(handle):
            if row["Name"] != "Aggregated" or row["50%"] in ("N/A", "", "0"):
                continue
            points.append((float(row["Timestamp"]), float(row["Requests/s"]), float(row["50%"]), float(row["99%"])))
    return points


def plot(path: Path, runs: list[tuple[str, list[tuple[float, float, float, float]]]]) -> None:
    """A latency plot: p50 and p99 (ms, log-free linear axis) over the run, each phase labelled."""
    from PIL import Image, ImageDraw

    width, height, margin = 1200, 500, 60
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    points = [(label, point) for label, run in runs for point in run]
    if not points:
        image.save(path)
        return
    top = max(point[3] for _, point in points) * 1.1 or 1
    count = len(points)

    def xy(index: int, value: float) -> tuple[float, float]:
        return (margin + index * (width - 2 * margin) / max(1, count - 1),
                height - margin - value / top * (height - 2 * margin))

    draw.line([(margin, height - margin), (width - margin, height - margin)], fill="black")
    draw.line([(margin, margin), (margin, height - margin)], fill="black")
    for fraction in (0.25, 0.5, 0.75, 1.0):
        y = height - margin - fraction * (height - 2 * margin)
        draw.line([(margin, y), (width - margin, y)], fill=(225, 225, 225))
        draw.text((5, y - 6), f"{top * fraction:.0f}ms", fill="black")
    previous_label = None
    for index, (label, _point) in enumerate(points):
        if label != previous_label:
            x, _ = xy(index, 0)
            draw.line([(x, margin), (x, height - margin)], fill=(180, 180, 255))
            draw.text((x + 3, margin - 15), label, fill=(40, 40, 160))
            previous_label = label
    for column, colour in ((2, (30, 120, 30)), (3, (200, 40, 40))):
        line = [xy(index, point[column]) for index, (_, point) in enumerate(points)]
        if len(line) > 1:
            draw.line(line, fill=colour, width=2)
    draw.text((width - 220, height - margin + 15), "green: p50   red: p99   (ms per second)", fill="black")
    draw.text((margin, height - margin + 15), "time ->", fill="black")
    image.save(path)


# --- main ------------------------------------------------------------------------------------------


def bootstrap_admin(base: str) -> dict:
    response = requests.post(f"{base}/api/v1/auth/bootstrap-admin/", json={"username": "load-admin",
                                                                         "password": PASSWORD},
                             headers={"X-Forwarded-Proto": "https"}, timeout=30)
    if response.status_code != 201:
        raise SmokeFailure(f"bootstrap-admin: {response.status_code} {response.text[:300]}")
    body = response.json()
    return {"admin_token": body["access"], "admin_id": body["user"]["id"]}


def register_pool(base: str, setup: dict, *, clients: int, masters: int) -> None:
    """Accounts for the locust users, registered (and masters activated) before any measurement."""
    from concurrent.futures import ThreadPoolExecutor

    headers = {"X-Forwarded-Proto": "https"}

    def register(role: str) -> dict:
        response = requests.post(f"{base}/api/v1/auth/register/", headers=headers, timeout=60, json={
            "username": f"load-{role}-{secrets.token_hex(5)}", "password": PASSWORD, "role": role})
        if response.status_code != 201:
            raise SmokeFailure(f"register {role}: {response.status_code} {response.text[:300]}")
        body = response.json()
        if role == "master":
            activated = requests.post(f"{base}/api/v1/admin/masters/{body['user']['id']}/activate/", timeout=60,
                                      headers={**headers, "Authorization": f"Bearer {setup['admin_token']}"})
            if activated.status_code != 200:
                raise SmokeFailure(f"activate master: {activated.status_code} {activated.text[:300]}")
        return {"id": body["user"]["id"], "token": body["access"]}

    with ThreadPoolExecutor(4) as pool:
        setup["clients"] = list(pool.map(register, ["client"] * clients))
        setup["masters"] = list(pool.map(register, ["master"] * masters))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", default=os.environ.get("LOAD_STEPS", "4,8,16,32,48"))
    # a step's p99 is its slowest 1%: 60 s gives it a few hundred requests to come from
    parser.add_argument("--step-seconds", type=int, default=int(os.environ.get("LOAD_STEP_SECONDS", "60")))
    parser.add_argument("--hold", type=int, default=int(os.environ.get("LOAD_HOLD_SECONDS", "600")))
    parser.add_argument("--spa", type=Path, default=DEFAULT_SPA)
    parser.add_argument("--pg-url", default=DEFAULT_PG)
    parser.add_argument("--keep", action="store_true", help="keep the work directory (logs) afterwards")
    parser.add_argument("--hold-users", type=int, default=0,
                        help="skip the steps and hold this many users (the accounts are still the steps')")
    args = parser.parse_args(argv)
    steps_users = [int(part) for part in args.steps.split(",") if part.strip()]

    def interrupted(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)
    work = Path(tempfile.mkdtemp(prefix="mp-load-"))
    spa = args.spa
    if not (spa / "index.html").is_file():  # the load never asks for the SPA; nginx needs a root
        spa = work / "stub-spa"
        spa.mkdir()
        (spa / "index.html").write_text("<!doctype html><title>load</title>")
    stack = LoadStack(work, spa=spa.resolve(), pg_url=args.pg_url)
    REPORT_DIR.mkdir(parents=True, exist_ok=True)
    record_path = REPORT_DIR / "record.jsonl"
    record_path.unlink(missing_ok=True)
    ok = False
    report: dict = {}
    try:
        stack.start()
        base = f"http://127.0.0.1:{stack.nginx_port}"
        setup = bootstrap_admin(base)
        most = max(steps_users)
        log(f"registering {most} clients and {most // 2 + 1} masters")
        register_pool(base, setup, clients=most, masters=most // 2 + 1)
        setup_path = work / "setup.json"
        setup_path.write_text(json.dumps(setup))
        env = {**os.environ, "LOAD_SETUP": str(setup_path), "LOAD_RECORD": str(record_path),
               "LOAD_PASSWORD": PASSWORD, "PYTHONDONTWRITEBYTECODE": "1"}

        steps: list[Step] = []
        for users in [] if args.hold_users else steps_users:
            step = run_locust(base, users, args.step_seconds, work / f"step-{users}", env)
            steps.append(step)
            log(f"  step {users:>4} users: {step.rps:7.1f} req/s  p50 {step.p50:6.0f} ms  p99 {step.p99:6.0f} ms  "
                f"{step.failures} failures / {step.requests}")
            if len(steps) > 1 and find_knee(steps)[1]:
                break
        if args.hold_users:
            knee, reached, hold_users = None, False, args.hold_users
            log(f"no steps (--hold-users); holding {hold_users} users for {args.hold}s")
        else:
            knee, reached = find_knee(steps)
            hold_users = max(1, round(knee.users * 0.8))
            log(f"knee: {knee.users} users ({knee.rps:.1f} req/s){'' if reached else ' (not reached: the last step)'}"
                f"; holding {hold_users} users for {args.hold}s")
        hold = run_locust(base, hold_users, args.hold, work / "hold", env)
        log(f"  hold {hold_users:>4} users: {hold.rps:7.1f} req/s  p50 {hold.p50:6.0f} ms  p99 {hold.p99:6.0f} ms  "
            f"{hold.failures} failures / {hold.requests}")
        endpoints = endpoints_of(hold.csv_prefix)
        for row in endpoints:
            log(f"    {row['name'][:48]:<48} {row['requests']:>6}  p50 {row['p50']:6.0f}  p99 {row['p99']:6.0f}  "
                f"max {row['max']:6.0f} ms")
        stack.supervisor.check_alive()
        time.sleep(2)  # deliveries after commit settle
        invariants = check_invariants(stack.database.url(), read_record(record_path))

        problems = []
        if hold.failures:
            problems.append(f"{hold.failures} errors during the hold: "
                            f"{[row.get('Error', '')[:120] for row in failures_of(hold.csv_prefix)[:3]]}")
        if hold.p99 > 3 * hold.p50:
            problems.append(f"p99 {hold.p99:.0f} ms > 3 x p50 {hold.p50:.0f} ms")
        report = {
            "steps": [asdict(step) for step in steps],
            "knee": {"users": knee.users, "rps": knee.rps, "p50_ms": knee.p50, "p99_ms": knee.p99,
                     "reached": reached} if knee else None,
            "hold": {**asdict(hold), "target_users": hold_users, "p99_over_p50": round(hold.p99 / hold.p50, 2)
                     if hold.p50 else None},
            "hold_endpoints": endpoints,
            "invariants": invariants,
            "targets": {"p99_at_most_x_p50": 3, "errors": 0},
            "passed": not problems,
            "problems": problems,
            "machine": {"cpus": os.cpu_count(), "load_average": os.getloadavg()},
        }
        plot(REPORT_DIR / "latency.png", [(f"{step.users}u", history(step.csv_prefix)) for step in steps]
             + [(f"hold {hold_users}u", history(hold.csv_prefix))])
        for problem in problems:
            log(f"  MISS {problem}")
        ok = not problems
    except Exception as exc:
        log(f"\nload FAILED: {exc.__class__.__name__}: {exc}")
        if not isinstance(exc, SmokeFailure):
            log(traceback.format_exc())
        stack.dump_logs()
        report = {**report, "passed": False, "error": f"{exc.__class__.__name__}: {exc}"}
    finally:
        stack.stop()
        (REPORT_DIR / "report.json").write_text(json.dumps(report, indent=2))
        if args.keep or not ok:
            log(f"work directory kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    log(f"\nreport: {REPORT_DIR / 'report.json'}, plot: {REPORT_DIR / 'latency.png'}")
    log("load passed" if ok else "load FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
