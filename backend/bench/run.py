"""`make bench`: the benchmark suite. Every row is a ratio of two measurements taken side by side in
this one run, against a target; the table is printed, `var/bench/results.json` written, and the
exit status is 1 when any row misses (or errors). See bench/README.md for adding rows.

    python -m bench                      # full: PostgreSQL, 1M appointments (about 10 minutes)
    python -m bench --quick              # CI scale (under 3 minutes)
    python -m bench --database sqlite    # SQLite, smaller scales
    python -m bench --only chat --only lists.floor   # rows whose key contains any of these
    python -m bench --list               # the rows, without running them
    python -m bench --profile            # also profile the hot endpoints (var/bench/profiles/)
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import os
import pkgutil
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
import tracemalloc
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BACKEND = Path(__file__).resolve().parents[1]
REPO = BACKEND.parent
if str(BACKEND) not in sys.path:
    sys.path.insert(0, str(BACKEND))

RUNS = {"full": 30, "quick": 15}
WARMUP = {"timed": 3, "counted": 1}  # calls per side before measuring (timed: p50/p95 rows)


@dataclass
class Probe:
    """One call of a side, after warm-up: what it returned and how many SQL queries it ran."""

    result: Any
    queries: int


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="the CI scale")
    parser.add_argument("--database", choices=["postgres", "sqlite"],
                        default=os.environ.get("BENCH_DATABASE", "postgres"))
    parser.add_argument("--only", action="append", default=[], metavar="TEXT",
                        help="run the rows whose key contains TEXT (repeatable)")
    parser.add_argument("--runs", type=int, help="timed runs per side (default: 30 full, 15 quick)")
    parser.add_argument("--list", action="store_true", help="list the rows and exit")
    parser.add_argument("--profile", action="store_true", help="profile the hot endpoints after the rows")
    parser.add_argument("--keep", action="store_true", help="keep the databases (their names are printed)")
    parser.add_argument("--results", type=Path, default=REPO / "var" / "bench" / "results.json")
    return parser.parse_args(argv)


def load_rows():
    from . import rows as package
    from .registry import all_rows

    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}")
    return sorted(all_rows(), key=lambda row: row.key)


# --- measuring -------------------------------------------------------------------------------------

def _percentile(samples: list[float], metric) -> float:
    from .registry import Metric

    if metric == Metric.P95_MS:
        return statistics.quantiles(samples, n=20, method="inclusive")[18] if len(samples) > 1 else samples[0]
    return statistics.median(samples)


def _peak_kb(op, runs: int) -> float:
    peaks = []
    for _ in range(runs):
        gc.collect()
        tracemalloc.start()
        op()
        peaks.append(tracemalloc.get_traced_memory()[1] / 1024)
        tracemalloc.stop()
    return statistics.median(peaks)


def measure_row(row, contexts, dbs, runs: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .registry import Metric

    sides = [row.baseline, row.candidate]
    ops = []
    for side in sides:
        dbs.activate(side.dataset)
        ops.append(side.prepare(contexts[side.dataset]))

    def on(index: int):
        dbs.activate(sides[index].dataset)
        return ops[index]

    timed = row.metric in (Metric.P50_MS, Metric.P95_MS)
    for _ in range(WARMUP["timed" if timed else "counted"]):
        for index in (0, 1):
            on(index)()
    probes = []
    for index in (0, 1):
        op = on(index)
        with CaptureQueriesContext(connection) as captured:
            result = op()
        probes.append(Probe(result, len(captured.captured_queries)))
    if row.check is not None and (problem := row.check(*probes)):
        raise AssertionError(problem)

    detail: dict[str, Any] = {"queries": [p.queries for p in probes]}
    if timed:
        samples: list[list[float]] = [[], []]
        for run in range(row.runs or runs):
            for index in (0, 1) if run % 2 == 0 else (1, 0):  # alternate who goes first
                op = on(index)
                started = time.perf_counter()
                op()
                samples[index].append((time.perf_counter() - started) * 1000)
        values = [_percentile(s, row.metric) for s in samples]
        detail["runs"] = len(samples[0])
        if row.metric == Metric.P50_MS:
            # The median of the ratios of each run's pair (taken back to back) is steadier on a busy
            # machine than the ratio of the two medians: a burst of load skews one pair, not the verdict.
            detail["paired_ratio"] = statistics.median(c / b for b, c in zip(*samples, strict=True) if b > 0)
    elif row.metric == Metric.QUERIES:
        values = [float(p.queries) for p in probes]
    elif row.metric == Metric.PEAK_KB:
        values = [_peak_kb(on(index), 3 if runs >= RUNS["full"] else 1) for index in (0, 1)]
    else:
        values = [float(p.result) for p in probes]
    return {"values": values, "detail": detail}


def run_rows(rows, contexts, dbs, runs: int) -> list[dict]:
    results = []
    for row in rows:
        started = time.perf_counter()
        entry = {"key": row.key, "topic": row.topic, "title": row.title, "metric": str(row.metric),
                 "target": str(row.target), "baseline": {"label": row.baseline.label, "dataset": row.baseline.dataset},
                 "candidate": {"label": row.candidate.label, "dataset": row.candidate.dataset}}
        try:
            measured = measure_row(row, contexts, dbs, runs)
        except Exception as exc:
            entry.update(ok=False, ratio=None, misses=[f"error: {exc}"],
                         traceback=traceback.format_exc(limit=6))
        else:
            baseline, candidate = measured["values"]
            ratio = measured["detail"].pop("paired_ratio", None)
            if ratio is None:
                ratio = candidate / baseline if baseline else (1.0 if candidate == baseline else float("inf"))
            misses = row.target.misses(baseline, candidate, ratio)
            entry["baseline"]["value"] = round(baseline, 3)
            entry["candidate"]["value"] = round(candidate, 3)
            entry.update(ok=not misses, ratio=round(ratio, 3), misses=misses, **measured["detail"])
        entry["seconds"] = round(time.perf_counter() - started, 2)
        results.append(entry)
        mark = "ok  " if entry["ok"] else "MISS"
        print(f"  {mark} {row.key}  {_fmt_ratio(entry['ratio'])}  {'; '.join(entry['misses'])}", flush=True)
    return results


# --- output ----------------------------------------------------------------------------------------

def _fmt_value(value) -> str:
    if value is None:
        return "-"
    return f"{value:.0f}" if value >= 100 or float(value).is_integer() else f"{value:.2f}"


def _fmt_ratio(ratio) -> str:
    return "  -  " if ratio is None else f"{ratio:5.2f}x"


def print_table(results: list[dict]) -> None:
    width = min(max(len(r["title"]) for r in results), 64)
    header = (f"{'row':{width}}  {'metric':8}  {'baseline':>9}  {'candidate':>9}  {'ratio':>6}  "
              f"{'target':12}  result")
    print("\n" + header + "\n" + "-" * len(header))
    topic = None
    for r in results:
        if r["topic"] != topic:
            topic = r["topic"]
            print(f"[{topic}]")
        title = r["title"] if len(r["title"]) <= width else r["title"][: width - 1] + "…"
        result = "ok" if r["ok"] else "MISS " + "; ".join(r["misses"])[:80]
        print(f"{title:{width}}  {r['metric']:8}  {_fmt_value(r['baseline'].get('value')):>9}  "
              f"{_fmt_value(r['candidate'].get('value')):>9}  {_fmt_ratio(r['ratio']):>6}  {r['target']:12}  {result}")


# --- main ------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    mode = "quick" if args.quick else "full"
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="mp-bench-"))

    from .databases import Databases

    dbs = Databases(args.database, workdir, tag=str(os.getpid()))
    if not args.list:
        try:
            os.environ["DATABASE_URL"] = dbs.template_url()
        except subprocess.CalledProcessError as error:
            print(f"cannot create the bench databases on PostgreSQL ({dbs.server}): "
                  f"{error.stderr.decode(errors='replace').strip()}\nstart it, set BENCH_PG_SERVER, or run "
                  f"with --database sqlite")
            return 2
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["VAR_DIR"] = str(workdir)
    os.environ.setdefault("DEBUG", "false")

    import django

    django.setup()
    from .datasets import DATASETS, facts_summary
    from .sides import Context

    rows = load_rows()
    if args.only:
        rows = [r for r in rows if any(text in r.key for text in args.only)]
    if args.list:
        for row in rows:
            print(f"{row.key:56} {row.metric:8} {row.target!s:12} {row.title}")
        return 0
    if not rows:
        print("no rows match", args.only)
        return 1
    needed = [name for name in DATASETS if any(name in row.datasets for row in rows)]
    unknown = {d for row in rows for d in row.datasets} - set(DATASETS)
    if unknown:
        print(f"rows name unknown data sets: {sorted(unknown)}")
        return 1

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    print(f"bench ({mode}) on {args.database}: {len(rows)} rows, data sets {', '.join(needed)}; "
          f"{os.cpu_count()} cores, load {load:.1f}", flush=True)
    report: dict[str, Any] = {"started": datetime.now(UTC).isoformat(timespec="seconds"), "mode": mode,
                              "database": args.database, "python": platform.python_version(),
                              "cores": os.cpu_count(), "load_at_start": load, "datasets": {}}
    try:
        phase = time.perf_counter()
        dbs.migrate_template()
        print(f"migrated template in {time.perf_counter() - phase:.1f} s", flush=True)
        contexts = {}
        for name in needed:
            phase = time.perf_counter()
            data = DATASETS[name]
            sizes = data.sizes_for(mode, args.database)
            dbs.create(name)
            dbs.activate(name)
            facts = data.build(sizes)
            seconds = time.perf_counter() - phase
            contexts[name] = Context(name, facts, mode, args.database)
            report["datasets"][name] = {"description": data.description, "sizes": sizes,
                                        "seed_seconds": round(seconds, 1), "facts": facts_summary(facts)}
            print(f"seeded {name} {sizes} in {seconds:.1f} s", flush=True)
        print("rows:", flush=True)
        results = run_rows(rows, contexts, dbs, args.runs or RUNS[mode])
        if args.profile:
            from .profile import profile_hot_endpoints

            report["profiles"] = profile_hot_endpoints(contexts, dbs, REPO / "var" / "bench" / "profiles")
    finally:
        if args.keep:
            print("kept databases:", ", ".join(dbs.created) or str(workdir))
        else:
            dbs.drop_all()
    report.update(rows=results, missed=sum(not r["ok"] for r in results),
                  seconds=round(time.perf_counter() - started, 1))
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print_table(results)
    missed = [r for r in results if not r["ok"]]
    print(f"\n{len(results) - len(missed)}/{len(results)} rows met their targets in {report['seconds']:.0f} s; "
          f"results in {args.results}")
    if missed:
        print("MISSED:\n  " + "\n  ".join(f"{r['key']}: {'; '.join(r['misses'])}" for r in missed))
    return exit_code(results)


def exit_code(results: list[dict]) -> int:
    """1 when any row missed its target or could not be measured."""
    return 0 if results and all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
