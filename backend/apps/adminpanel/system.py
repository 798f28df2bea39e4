"""The system status report: what an operator checks first when something looks wrong. Every
probe has a short timeout and reports its own failure (`ok: false, error`); one broken part never
turns the whole report into a 500."""

import os
import platform
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import django
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count, Q
from django.utils import timezone

from apps.accounts.models import MasterProfile
from apps.appointments.models import Appointment, AppointmentStatus
from apps.common.capabilities import Role, admins_q
from apps.platform.jobs import job_heartbeats

from .actions import actions_described

PROBE_TIMEOUT_SECONDS = 2
User = get_user_model()


def _error(exc: BaseException) -> str:
    return f"{exc.__class__.__name__}: {exc}"[:500]


def _timed(probe: Callable[[], dict]) -> dict:
    """Run `probe` (returns extra fields), timing it; an exception becomes `ok: false`."""
    clock = time.perf_counter()
    try:
        extra = probe() or {}
        ok, error = extra.pop("ok", True), extra.pop("error", "")
    except Exception as exc:
        extra, ok, error = {}, False, _error(exc)
    return {"ok": ok, "latency_ms": round((time.perf_counter() - clock) * 1000, 2), "error": error, **extra}


def _section(build: Callable[[], object]) -> object:
    try:
        return build()
    except Exception as exc:
        return {"ok": False, "error": _error(exc)}


def database_status() -> dict:
    connection = connections[DEFAULT_DB_ALIAS]

    def ping() -> dict:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return {}

    return {"vendor": connection.vendor, **_timed(ping)}


def pending_migrations() -> list[str]:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, backwards in plan if not backwards]


def cache_status() -> dict:
    def probe() -> dict:
        key, value = f"adminpanel:probe:{uuid.uuid4().hex}", uuid.uuid4().hex
        cache.set(key, value, timeout=30)
        try:
            round_trip = cache.get(key)
        finally:
            cache.delete(key)
        if round_trip != value:
            return {"ok": False, "error": "The value written could not be read back."}
        return {}

    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    return {"backend": backend, **_timed(probe)}


def _redis_probe(url: str) -> dict:
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=PROBE_TIMEOUT_SECONDS,
                                  socket_timeout=PROBE_TIMEOUT_SECONDS)
    try:
        client.ping()
        queued = client.llen(getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery"))
    finally:
        client.close()
    return {"queued": queued}


def _filesystem_probe() -> dict:
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    folder = Path(options.get("data_folder_in", ""))
    if not folder.is_dir():
        return {"ok": False, "error": f"The queue folder {folder} does not exist."}
    # A real write, as the web process does when it queues a task; the name never matches a
    # message file, so the worker never picks it up.
    with tempfile.NamedTemporaryFile(dir=folder, prefix=".probe-", suffix=".tmp"):
        pass
    queue = getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")
    queued = sum(1 for name in os.listdir(folder) if name.endswith(f".{queue}.msg"))
    return {"queued": queued}


def _kombu_probe(url: str) -> dict:
    from kombu import Connection

    with Connection(url, connect_timeout=PROBE_TIMEOUT_SECONDS,
                    transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS) as conn:
        conn.ensure_connection(max_retries=1, timeout=PROBE_TIMEOUT_SECONDS)
    return {}


def broker_status() -> dict:
    """Whether a task queued now would reach the job worker: Redis answers a PING, or the
    filesystem broker's queue folder takes a file. The URL itself is never shown (credentials)."""
    url = settings.CELERY_BROKER_URL or ""
    transport = urlsplit(url).scheme or "unknown"
    if transport in ("redis", "rediss"):
        probe = lambda: _redis_probe(url)  # noqa: E731
    elif transport == "filesystem":
        probe = _filesystem_probe
    elif transport == "memory":
        probe = lambda: {"note": "in-process broker (tests)"}  # noqa: E731
    else:
        probe = lambda: _kombu_probe(url)  # noqa: E731
    return {"transport": transport, "eager": bool(settings.CELERY_TASK_ALWAYS_EAGER), **_timed(probe)}


def _by(field: str, qs, values) -> dict[str, int]:
    counts = dict(qs.order_by().values_list(field).annotate(n=Count("pk")).values_list(field, "n"))
    return {str(v): counts.get(v, 0) for v in values}


def counts() -> dict:
    users = User.objects.aggregate(
        total=Count("pk"),
        client=Count("pk", filter=Q(role=Role.CLIENT, is_superuser=False)),
        master=Count("pk", filter=Q(role=Role.MASTER, is_superuser=False)),
        admin=Count("pk", filter=admins_q()),
        banned=Count("pk", filter=Q(is_banned=True)),
    )
    appointments = _by("status", Appointment.objects.all(), AppointmentStatus.values)
    return {
        "users": users,
        "masters": _by("status", MasterProfile.objects.all(), MasterProfile.Status.values),
        "appointments": {**appointments, "total": sum(appointments.values())},
    }


def system_status() -> dict:
    return {
        "version": settings.APP_VERSION,
        "python": platform.python_version(),
        "django": django.get_version(),
        "debug": settings.DEBUG,
        "time": timezone.now(),
        "database": _section(database_status),
        "migrations": _section(lambda: {"pending": (pending := pending_migrations()), "up_to_date": not pending}),
        "cache": _section(cache_status),
        "broker": _section(broker_status),
        "counts": _section(counts),
        "jobs": _section(job_heartbeats),
        "actions": actions_described(),
    }
