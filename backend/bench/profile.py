"""`python -m bench --profile`: the hot endpoints on the seeded marketplace, each called REPEAT
times under pyinstrument (dev dependency), with the share of the time spent in SQL. Writes
`var/bench/profiles/<endpoint>.txt` (call tree), `.html` and `.pyisession` (every frame:
`pyinstrument --load FILE --show-all`), and returns a summary for
results.json: p50, SQL queries and SQL time per request, and the slowest statement."""

from __future__ import annotations

import re
import statistics
import time
from pathlib import Path

REPEAT = 20
DATASET = "marketplace"
HOT = [
    ("client-appointments-my", "client_id", "/api/v1/appointments/my/?page_size=50"),
    ("master-appointments-my", "master_id", "/api/v1/appointments/my/?page_size=50"),
    ("admin-appointments-my", "admin_id", "/api/v1/appointments/my/?page_size=50"),
    ("admin-admin-appointments", "admin_id", "/api/v1/admin/appointments/?page_size=50"),
    ("master-appointments-new", "master_id", "/api/v1/appointments/new/?page_size=50"),
    ("client-appointment-detail", "client_id", "/api/v1/appointments/{chat_id}/"),
    ("client-messages", "client_id", "/api/v1/appointments/{chat_id}/messages/?page_size=50"),
    ("client-dashboard", "client_id", "/api/v1/dashboard/"),
    ("master-dashboard", "master_id", "/api/v1/dashboard/"),
    ("admin-dashboard", "admin_id", "/api/v1/dashboard/"),
    ("admin-users-all", "admin_id", "/api/v1/admin/users/all/?page_size=50"),
]


def _sql_profile(client, path: str) -> tuple[int, float, str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    timed = [(float(q["time"]) * 1000, q["sql"]) for q in captured.captured_queries]
    slowest = max(timed, default=(0.0, ""))
    sql = re.sub(r"\s+", " ", slowest[1])
    return len(timed), sum(t for t, _ in timed), f"{slowest[0]:.1f} ms: {sql[:300]}"


def profile_hot_endpoints(contexts, dbs, out: Path) -> dict:
    from pyinstrument import Profiler

    if DATASET not in contexts:
        return {}
    out.mkdir(parents=True, exist_ok=True)
    dbs.activate(DATASET)
    ctx = contexts[DATASET]
    summary = {}
    print(f"profiling {len(HOT)} endpoints on {DATASET} ({REPEAT} calls each):", flush=True)
    for name, who, template in HOT:
        client = ctx.client(getattr(ctx.facts, who))
        path = ctx.resolve(template)
        for _ in range(3):
            assert client.get(path).status_code == 200, path
        timings = []
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in range(REPEAT):
            started = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        profiler.stop()
        (out / f"{name}.txt").write_text(profiler.output_text(unicode=True, color=False, show_all=False))
        (out / f"{name}.html").write_text(profiler.output_html())
        profiler.last_session.save(str(out / f"{name}.pyisession"))  # pyinstrument --load <file> -r text --show-all
        queries, sql_ms, slowest = _sql_profile(client, path)
        p50 = statistics.median(timings)
        summary[name] = {"path": path, "p50_ms": round(p50, 2), "queries": queries, "sql_ms": round(sql_ms, 2),
                         "slowest_sql": slowest}
        print(f"  {name:28} p50 {p50:7.1f} ms  {queries} queries, SQL {sql_ms:6.1f} ms; slowest {slowest[:110]}",
              flush=True)
    print(f"profiles in {out}")
    return summary
