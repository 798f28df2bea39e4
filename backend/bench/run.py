"""`make bench`: the same endpoints measured side by side on a small and a large marketplace, in
one run, on fresh databases. What it checks: a page of any list costs the same number of queries
however big the marketplace is (give or take one read that depends on what the page shows), and
time and memory per request grow by at most the given ratios. Exits non-zero when a target is missed.

    python bench/run.py [--small 5] [--large 100] [--time-ratio 3] [--memory-ratio 2]
    BENCH_DATABASE=postgres python bench/run.py      # PostgreSQL (databases created and dropped)
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

BACKEND = Path(__file__).resolve().parents[1]
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")


def _psql(sql: str) -> None:
    subprocess.run(["psql", f"{PG_SERVER}/postgres", "-q", "-c", sql], check=True, capture_output=True)


def run_side(scale: int, database: str) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"bench-{scale}-") as var_dir:
        env = {**os.environ, "VAR_DIR": var_dir, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "DEBUG": "false"}
        name = f"mp_bench_{scale}_{os.getpid()}"
        if database == "postgres":
            _psql(f'DROP DATABASE IF EXISTS "{name}"')
            _psql(f'CREATE DATABASE "{name}"')
            env["DATABASE_URL"] = f"{PG_SERVER}/{name}"
        else:
            env["DATABASE_URL"] = f"sqlite:///{var_dir}/bench.sqlite3"
        try:
            out = subprocess.run([sys.executable, "bench/measure.py", str(scale)], cwd=BACKEND, env=env,
                                 capture_output=True, text=True, check=False)
        finally:
            if database == "postgres":
                _psql(f'DROP DATABASE IF EXISTS "{name}"')
        if out.returncode != 0:
            sys.exit(f"measuring scale {scale} failed:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}")
        return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=5)
    parser.add_argument("--large", type=int, default=100)
    parser.add_argument("--time-ratio", type=float, default=3.0)
    parser.add_argument("--memory-ratio", type=float, default=2.0)
    args = parser.parse_args()
    database = os.environ.get("BENCH_DATABASE", "sqlite")

    small, large = run_side(args.small, database), run_side(args.large, database)
    print(f"database: {database}; small: {small['appointments']} appointments, {small['users']} users; "
          f"large: {large['appointments']} appointments, {large['users']} users "
          f"(seeded in {large['seed_seconds']} s)\n")
    header = f"{'endpoint':32} {'ms small':>9} {'ms large':>9} {'ratio':>6} {'queries':>9} {'KB small':>9} " \
             f"{'KB large':>9} {'ratio':>6}"
    print(header)
    print("-" * len(header))
    failures = []
    for name, s in small["endpoints"].items():
        big = large["endpoints"][name]
        time_ratio = big["median_ms"] / max(s["median_ms"], 0.01)
        memory_ratio = big["peak_kb"] / max(s["peak_kb"], 0.1)
        queries = f"{s['queries']}/{big['queries']}"
        print(f"{name:32} {s['median_ms']:9.2f} {big['median_ms']:9.2f} {time_ratio:6.2f} {queries:>9} "
              f"{s['peak_kb']:9.1f} {big['peak_kb']:9.1f} {memory_ratio:6.2f}")
        # One read may depend on what the page shows (the site's payment settings, read once when a
        # row needs them); anything more means queries grow with the data.
        if big["queries"] > s["queries"] + 1:
            failures.append(f"{name}: {s['queries']} queries on the small set, {big['queries']} on the large")
        if time_ratio > args.time_ratio:
            failures.append(f"{name}: {time_ratio:.2f}x slower on the large set (target {args.time_ratio}x)")
        if memory_ratio > args.memory_ratio:
            failures.append(f"{name}: {memory_ratio:.2f}x the memory on the large set (target {args.memory_ratio}x)")
    print()
    if failures:
        print("targets missed:\n  " + "\n  ".join(failures))
        return 1
    print(f"targets met: no query growth per page; time within {args.time_ratio}x, memory within "
          f"{args.memory_ratio}x at {large['appointments'] // max(small['appointments'], 1)}x the data")
    return 0


if __name__ == "__main__":
    sys.exit(main())
