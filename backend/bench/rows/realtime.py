"""realtime: how long a chat message takes to reach the recipient's websocket, with N sockets open
against a real server.

The row starts the ASGI server as production runs it (gunicorn + uvicorn worker, 2 workers,
config.asgi) on the data set's database with the Redis channel layer (db 5 of the local Redis,
BENCH_REDIS_URL), opens one socket per master (200; quick 50), then each client posts one
message to its appointment, one after another; the master's socket must get `message.created`
for that message id. A frame that doesn't arrive within 5 s is lost.

The frame is pushed on commit, before the response is written, so it nearly always beats the
response: measured from the POST returning (max(0, arrival - return)) the p95 is 0 ms, which says
little. The row therefore times the stricter span, from sending the POST to the frame arriving
(the request's own time included), and the run prints both. Two rows read the one measurement:
that p95 against the 250 ms budget (ratio <= 1.0), and the frames lost or sent to a wrong socket
(target 0)."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..datasets import Facts, dataset
from ..registry import Metric, Row, Side, Target, register

BUDGET_MS = 250.0
LOST_WAIT_S = 5.0
BACKEND = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")


class SideError(RuntimeError):
    pass


@dataset("realtime", description="Pairs of a client and a master sharing an appointment in review (one socket "
                                 "per master)", sizes={"full": {"pairs": 200}, "quick": {"pairs": 50}})
def realtime_pairs(sizes: dict[str, int]) -> Facts:
    from apps.appointments.models import Appointment, AppointmentStatus

    from .. import seed

    pairs = sizes["pairs"]
    clients = list(seed.seed_users(pairs, role="client", prefix="rt_client_"))
    masters = list(seed.seed_users(pairs, role="master", prefix="rt_master_"))
    seed.seed_master_profiles(masters, active_share=1.0)
    Appointment.objects.bulk_create([
        Appointment(client_id=c, master_id=m, status=AppointmentStatus.IN_REVIEW, title="Realtime bench",
                    currency="RUB") for c, m in zip(clients, masters, strict=True)])
    appointments = dict(Appointment.objects.filter(client_id__in=clients).values_list("client_id", "pk"))
    return Facts(pairs=[(c, m, appointments[c]) for c, m in zip(clients, masters, strict=True)])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    from django.db import connection

    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{config['NAME']}"
    user = config.get("USER") or "postgres"
    password = f":{config['PASSWORD']}" if config.get("PASSWORD") else ""
    host, port = config.get("HOST") or "127.0.0.1", config.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{config['NAME']}"


def _start_server(port: int, var_dir: str) -> subprocess.Popen:
    import urllib.request

    from django.conf import settings

    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.dev", DATABASE_URL=_database_url(), REDIS_URL=REDIS_URL,
               SECRET_KEY=settings.SECRET_KEY, DEBUG="false", ALLOWED_HOSTS="127.0.0.1,localhost", VAR_DIR=var_dir,
               THROTTLE_MESSAGES="100000/min", THROTTLE_REALTIME_TICKET="100000/min", LOG_LEVEL="WARNING")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.asgi", "-k", "uvicorn_worker.UvicornWorker", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=BACKEND, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SideError(f"the ASGI server exited: {process.stderr.read()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SideError("the ASGI server did not answer within 90 s")


def _tokens(pairs) -> tuple[dict[int, str], dict[int, str]]:
    """A bearer token per client, a websocket ticket per master (the server shares the secret)."""
    from rest_framework_simplejwt.tokens import RefreshToken

    from apps.accounts.models import User
    from apps.realtime.tickets import ticket_issue

    users = User.objects.in_bulk([u for c, m, _ in pairs for u in (c, m)])
    bearers = {c: str(RefreshToken.for_user(users[c]).access_token) for c, _, _ in pairs}
    tickets = {m: ticket_issue(user=users[m]) for _, m, _ in pairs}
    return bearers, tickets


async def _measure(port: int, pairs, bearers, tickets) -> dict:
    import requests
    import websockets

    arrivals: dict[tuple[int, int], float] = {}  # (master id, message id) -> arrival time
    strays: list[str] = []
    mine = {m: a for _, m, a in pairs}
    ready = asyncio.Event()
    opened = 0

    async def listen(master_id: int):
        nonlocal opened
        url = f"ws://127.0.0.1:{port}/ws/?ticket={tickets[master_id]}"
        async with websockets.connect(url, origin=f"http://127.0.0.1:{port}", open_timeout=30,
                                      max_queue=None) as sock:
            hello = json.loads(await sock.recv())
            if hello.get("type") != "hello":
                raise SideError(f"no hello: {hello}")
            opened += 1
            if opened == len(pairs):
                ready.set()
            async for raw in sock:
                frame = json.loads(raw)
                if frame.get("type") == "message.created":
                    if frame["appointment_id"] != mine[master_id]:
                        strays.append(f"master {master_id} got appointment {frame['appointment_id']}'s frame")
                    arrivals[(master_id, frame["message_id"])] = time.perf_counter()

    listeners = []
    for _, master_id, _ in pairs:  # opened in batches: a burst of 200 handshakes is not what is measured
        listeners.append(asyncio.create_task(listen(master_id)))
        if len(listeners) % 25 == 0:
            await asyncio.sleep(0.2)
    try:
        await asyncio.wait_for(ready.wait(), 60)
    except TimeoutError:
        failed = [t.exception() for t in listeners if t.done() and t.exception()]
        raise SideError(f"only {opened} of {len(pairs)} sockets opened: {failed[:3]}") from None

    session = requests.Session()
    returned: dict[tuple[int, int], float] = {}
    sent: dict[tuple[int, int], float] = {}
    for client_id, master_id, appointment_id in pairs:
        started = time.perf_counter()
        response = await asyncio.to_thread(
            session.post, f"http://127.0.0.1:{port}/api/v1/appointments/{appointment_id}/messages/",
            json={"text": "Are you on your way?"}, headers={"Authorization": f"Bearer {bearers[client_id]}"},
            timeout=30)
        done = time.perf_counter()
        if response.status_code != 201:
            raise SideError(f"POST messages/: {response.status_code} {response.text[:200]}")
        returned[(master_id, response.json()["id"])] = done
        sent[(master_id, response.json()["id"])] = started
    deadline = time.perf_counter() + LOST_WAIT_S
    while time.perf_counter() < deadline and not set(returned) <= set(arrivals):
        await asyncio.sleep(0.05)
    for task in listeners:
        task.cancel()
    await asyncio.gather(*listeners, return_exceptions=True)
    latencies = sorted(max(0.0, arrivals[k] - t) * 1000 for k, t in returned.items() if k in arrivals)
    if not latencies:
        raise SideError("no frame arrived")
    # from sending the POST: the whole way, the request's own time included
    whole = sorted((arrivals[k] - t) * 1000 for k, t in sent.items() if k in arrivals)
    return {"p95_ms": _p95_of(latencies), "p50_ms": latencies[len(latencies) // 2],
            "lost": len(returned) - len(latencies),
            "strays": len(strays), "sockets": len(pairs), "from_send_p95_ms": _p95_of(whole),
            "early": sum(1 for k, t in returned.items() if k in arrivals and arrivals[k] <= t)}


def _p95_of(values: list[float]) -> float:
    return values[min(len(values) - 1, max(0, -(-95 * len(values) // 100) - 1))]


_measured: dict[int, dict] = {}


def measurement(ctx) -> dict:
    """One run of the scenario per data set (both rows read it)."""
    key = id(ctx)
    if key not in _measured:
        pairs = ctx.facts.pairs
        bearers, tickets = _tokens(pairs)
        port = _free_port()
        with tempfile.TemporaryDirectory(prefix="bench-realtime-") as var_dir:
            server = _start_server(port, var_dir)
            try:
                _measured[key] = asyncio.run(_measure(port, pairs, bearers, tickets))
            finally:
                server.terminate()
                try:
                    server.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    server.kill()
        result = _measured[key]
        print(f"    realtime: {result['sockets']} sockets; after the POST returned: p50 {result['p50_ms']:.1f} ms, "
              f"p95 {result['p95_ms']:.1f} ms ({result['early']} frames came before the response); from sending the "
              f"POST: p95 {result['from_send_p95_ms']:.1f} ms; {result['lost']} lost, {result['strays']} to the wrong "
              "socket", flush=True)
    return _measured[key]


def _budget(ctx):
    return lambda: BUDGET_MS


def _p95(ctx):
    return lambda: measurement(ctx)["from_send_p95_ms"]


def _none(ctx):
    return lambda: 0


def _lost(ctx):
    return lambda: measurement(ctx)["lost"] + measurement(ctx)["strays"]


register(Row(
    key="realtime.push-p95",
    title="realtime: p95 ms from sending POST messages/ to the frame on the recipient's socket (200 sockets; "
          "quick 50), vs the 250 ms budget",
    metric=Metric.VALUE, target=Target(ratio_at_most=1.0),
    baseline=Side("budget 250 ms", "realtime", _budget), candidate=Side("push p95", "realtime", _p95),
))
register(Row(
    key="realtime.push-lost",
    title="realtime: frames lost or sent to the wrong socket in the same run (must be 0)",
    metric=Metric.VALUE, target=Target(value_at_most=0),
    baseline=Side("none", "realtime", _none), candidate=Side("lost", "realtime", _lost),
))
