"""`make prod-smoke`: the production topology, natively, then the main journey through nginx.

What runs, as docker-compose.prod.yml runs it (commands and environment read from that file and
from backend/Dockerfile, container paths moved into a temporary directory):
  - PostgreSQL: the local server, in a database of its own (created here, dropped at the end);
  - Redis: a private redis-server on a free port (cache, throttles, job broker);
  - backend: the compose command (migrate, collectstatic, gunicorn) with production settings;
  - realtime: the compose command (gunicorn with the uvicorn worker, config.asgi: the websockets);
  - worker and beat: the compose commands (celery);
  - nginx: frontend/nginx rendered for localhost, serving a copy of the built SPA.
A TLS terminator is simulated by sending X-Forwarded-Proto: https (docs/operations.md).
Everything it started is stopped (by process group) and its database dropped, whatever happens;
two runs never share a port, database or directory.

    python -m mpdeploy.prod_smoke [--spa DIR] [--pg-url URL] [--keep]
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

import psycopg
import requests
from celery import Celery
from psycopg import sql

from . import REPO_DIR
from .journey import Journey
from .nginx_render import local_values, nginx_test, render
from .processes import SmokeFailure, Supervisor, free_port, port_open, wait_for
from .topology import (
    image_environment,
    map_paths,
    service_command,
    service_environment,
    service_healthcheck,
)

BACKEND_DIR = REPO_DIR / "backend"
VENV_BIN = Path(sys.executable).parent
DEFAULT_SPA = REPO_DIR / "frontend" / "dist"
DEFAULT_PG = os.environ.get("SMOKE_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def log(text: str) -> None:
    print(text, flush=True)


class Database:
    """A database of its own on the local PostgreSQL server."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self.name = f"mp_smoke_{os.getpid()}_{secrets.token_hex(3)}"

    def url(self) -> str:
        base, _, _ = self.admin_url.rpartition("/")
        return f"{base}/{self.name}"

    def _run(self, statement: sql.Composable) -> None:
        with psycopg.connect(self.admin_url, autocommit=True, connect_timeout=10) as connection:
            connection.execute(statement)

    def create(self) -> None:
        self._run(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name)))

    def drop(self) -> None:
        self._run(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.name)))


class Stack:
    start_timeout = 180  # seconds for migrate + collectstatic + gunicorn to answer /healthz

    def __init__(self, work: Path, *, spa: Path, pg_url: str) -> None:
        self.work = work
        self.state = work / "state"          # /var/lib/marketplace in the containers
        self.supervisor = Supervisor(work / "logs")
        self.database = Database(pg_url)
        self.database_created = False
        self.spa_source = spa
        ports: set[int] = set()
        self.redis_port = free_port(taken=ports)
        self.backend_port = free_port(taken=ports)
        self.nginx_port = free_port(taken=ports)
        self.realtime_port = free_port(taken=ports)

    # --- environment --------------------------------------------------------------------------

    def app_environment(self) -> dict[str, str]:
        """The container's environment: the image's ENV, then compose's `environment`, then what an
        operator's .env would hold; container paths mapped into the work directory."""
        variables = {"DATABASE_URL": self.database.url(), "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0"}
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CELERY_", "GUNICORN_", "SECURE_"))
               and k not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "VAR_DIR", "MEDIA_ROOT", "PRIVATE_MEDIA_ROOT",
                             "STATIC_ROOT", "NUM_PROXIES", "PRIVATE_MEDIA_ACCEL_PREFIX", "FRONTEND_DIST_DIR",
                             "REFRESH_COOKIE_SECURE", "WEB_CONCURRENCY"}}
        for key, value in image_environment().items():
            if key != "PATH":
                env[key] = map_paths(value, self.state)
        env["GUNICORN_CMD_ARGS"] = env["GUNICORN_CMD_ARGS"].replace("--bind=0.0.0.0:8000",
                                                                    f"--bind=127.0.0.1:{self.backend_port}")
        env["WEB_CONCURRENCY"] = "2"
        env.update(service_environment("backend", variables))
        env.update({
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "localhost,127.0.0.1",
            "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{self.nginx_port}",
            "FRONTEND_DIST_DIR": str(self.work / "no-spa-in-the-backend-image"),
            "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            "HOSTNAME": socket.gethostname(),
            "PYTHONDONTWRITEBYTECODE": "1",
        })
        return env

    # --- lifecycle ----------------------------------------------------------------------------

    def start(self) -> None:
        for path in (self.work, self.supervisor.log_dir, self.state):
            path.mkdir(parents=True, exist_ok=True)
            path.chmod(0o755)
        for sub in ("media", "private", "static", "beat"):
            (self.state / sub).mkdir(exist_ok=True)

        log(f"redis on 127.0.0.1:{self.redis_port}")
        self.supervisor.start("redis", ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1",
                                        "--save", "", "--appendonly", "no", "--dir", str(self.work)],
                              cwd=self.work, env=dict(os.environ))
        wait_for("redis", lambda: port_open(self.redis_port), timeout=20, supervisor=self.supervisor)

        log(f"database {self.database.name}")
        self.database.create()
        self.database_created = True

        env = self.app_environment()
        variables = {"DATABASE_URL": env["DATABASE_URL"], "REDIS_URL": env["REDIS_URL"]}
        log(f"backend (migrate, collectstatic, gunicorn) on 127.0.0.1:{self.backend_port}")
        self.supervisor.start("backend", service_command("backend", variables), cwd=BACKEND_DIR, env=env)
        wait_for("gunicorn /healthz", lambda: requests.get(f"http://127.0.0.1:{self.backend_port}/healthz",
                                                           timeout=2).ok,
                 timeout=self.start_timeout, supervisor=self.supervisor, interval=1)

        realtime = [part.replace("0.0.0.0:8001", f"127.0.0.1:{self.realtime_port}")
                    for part in service_command("realtime", variables)]
        log(f"realtime: {' '.join(realtime)}")
        self.supervisor.start("realtime", realtime, cwd=BACKEND_DIR, env=env)
        wait_for("realtime /healthz", lambda: requests.get(f"http://127.0.0.1:{self.realtime_port}/healthz",
                                                           timeout=2).ok,
                 timeout=self.start_timeout, supervisor=self.supervisor, interval=1)

        for name in ("worker", "beat"):
            command = [map_paths(part, self.state) for part in service_command(name, variables)]
            log(f"{name}: {' '.join(command)}")
            self.supervisor.start(name, command, cwd=BACKEND_DIR, env=env)

        spa = self.work / "spa"
        shutil.copytree(self.spa_source, spa)
        values = local_values(port=self.nginx_port, backend=f"127.0.0.1:{self.backend_port}",
                              realtime=f"127.0.0.1:{self.realtime_port}", spa_root=spa,
                              media_root=self.state / "media", private_media_root=self.state / "private",
                              prefix=self.work / "nginx")
        rendered = render(self.work / "nginx", values)
        tested = nginx_test(rendered)
        if tested.returncode != 0:
            raise SmokeFailure(f"nginx -t failed:\n{tested.stderr}")
        log(f"nginx on 127.0.0.1:{self.nginx_port}")
        self.supervisor.start("nginx", rendered.command(), cwd=self.work, env=dict(os.environ))
        wait_for("nginx", lambda: port_open(self.nginx_port), timeout=20, supervisor=self.supervisor)

        self.run_healthchecks(env, variables)

    def run_healthchecks(self, env: dict[str, str], variables: dict[str, str]) -> None:
        """The compose healthchecks themselves, pointed at this machine's ports."""
        backend_check = [part.replace("127.0.0.1:8000", f"127.0.0.1:{self.backend_port}")
                         for part in service_healthcheck("backend", variables)]
        worker_check = service_healthcheck("worker", variables)
        for name, command, timeout in (("backend", backend_check, 30), ("worker", worker_check, 90)):
            deadline = time.monotonic() + timeout
            while True:
                self.supervisor.check_alive()
                result = subprocess.run(command, cwd=BACKEND_DIR, env=env, capture_output=True, text=True,
                                        timeout=60, check=False)
                if result.returncode == 0:
                    log(f"  ok  {name} healthcheck (docker-compose.prod.yml) passes")
                    break
                if time.monotonic() > deadline:
                    raise SmokeFailure(f"{name} healthcheck failed: {result.stdout}{result.stderr}")
                time.sleep(2)

    def check_worker_runs_jobs(self) -> None:
        """A job sent through Redis is run by the worker (the task beat sends for periodic jobs)."""
        app = Celery("smoke", broker=f"redis://127.0.0.1:{self.redis_port}/0")
        result = app.send_task("platform.run_job", args=["notifications.retry_deliveries"])
        worker = next(p for p in self.supervisor.processes if p.name == "worker")
        needle = f"[{result.id}] succeeded"
        wait_for("the worker to run the job", lambda: needle in worker.log.read_text(errors="replace"),
                 timeout=60, supervisor=self.supervisor, interval=0.5)
        log(f"  ok  worker ran platform.run_job from the Redis queue (task {result.id})")

    def stop(self) -> None:
        self.supervisor.stop_all()
        if self.database_created:
            try:
                self.database.drop()
            except psycopg.Error as exc:
                log(f"warning: could not drop {self.database.name}: {exc}")

    def dump_logs(self) -> None:
        for process in self.supervisor.processes:
            log(f"----- {process.name} ({process.log}) -----\n{process.tail(60)}")
        error_log = self.work / "nginx" / "logs" / "error.log"
        if error_log.exists():
            log(f"----- nginx error.log -----\n{error_log.read_text()[-4000:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spa", type=Path, default=DEFAULT_SPA, help="the built SPA (default frontend/dist)")
    parser.add_argument("--pg-url", default=DEFAULT_PG, help="a PostgreSQL URL allowed to CREATE DATABASE")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (logs) afterwards")
    args = parser.parse_args(argv)
    if not (args.spa / "index.html").is_file():
        log(f"prod-smoke: no built SPA at {args.spa} (run `make build` or pass --spa)")
        return 2

    # SIGTERM/SIGINT unwind through `finally`, so everything started is stopped.
    def interrupted(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)
    work = Path(tempfile.mkdtemp(prefix="mp-prod-smoke-"))
    stack = Stack(work, spa=args.spa.resolve(), pg_url=args.pg_url)
    started = time.monotonic()
    ok = False
    try:
        stack.start()
        stack.check_worker_runs_jobs()
        journey = Journey(base=f"http://127.0.0.1:{stack.nginx_port}", backend=f"http://127.0.0.1:{stack.backend_port}",
                          private_media_root=stack.state / "private", log=log)
        journey.run()
        stack.supervisor.check_alive()
        ok = True
    except Exception as exc:  # any failure: say what, show the services' logs, then clean up
        log(f"\nprod-smoke FAILED: {exc.__class__.__name__}: {exc}")
        if not isinstance(exc, SmokeFailure):
            log(traceback.format_exc())
        stack.dump_logs()
    finally:
        stack.stop()
        if args.keep or not ok:
            log(f"logs kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    if ok:
        log(f"\nprod-smoke passed: {len(journey.steps) + 3} checks in {time.monotonic() - started:.0f}s")
        return 0
    return 1


if __name__ == "__main__":
    sys.exit(main())
