"""Jobs: named functions that run on a schedule (Celery beat), on demand (`manage.py run_job`,
the admin's run-action) and record a heartbeat every time they run."""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from apps.common.errors import ApplicationError, ErrorCode

from ..refs import to_jsonable
from .models import JobHeartbeat

logger = logging.getLogger(__name__)

RUN_JOB_TASK = "platform.run_job"


@dataclass(frozen=True)
class Job:
    name: str
    func: Callable[[], object]
    every_seconds: int | None
    description: str


_jobs: dict[str, Job] = {}


def register_job(name: str, func: Callable[[], object], *, every_seconds: int | None = None,
                 description: str = "") -> None:
    """Register `func` (no arguments, returns something JSON-able) as job `name`; with
    `every_seconds` it also runs periodically. Call from `AppConfig.ready()`."""
    if every_seconds is not None and every_seconds < 1:
        raise ValueError("every_seconds must be a positive number of seconds.")
    _jobs[name] = Job(name=name, func=func, every_seconds=every_seconds,
                      description=description or (func.__doc__ or "").strip().split("\n")[0])


def registered_jobs() -> list[Job]:
    return sorted(_jobs.values(), key=lambda job: job.name)


def get_job(name: str) -> Job:
    job = _jobs.get(name)
    if job is None:
        raise ApplicationError(ErrorCode.UNKNOWN_ACTION, f"Unknown job: {name}.", 400,
                               known=sorted(_jobs))
    return job


def run_job(name: str) -> dict:
    """Run job `name` now and record its heartbeat. A failing job is logged and reported in the
    returned heartbeat (`ok: false`, `error`), never raised."""
    job = get_job(name)
    started = timezone.now()
    clock = time.monotonic()
    JobHeartbeat.objects.update_or_create(name=name, defaults={"last_started_at": started})
    try:
        result, error = to_jsonable(job.func()), ""
    except Exception as exc:
        logger.exception("Job %s failed", name)
        result, error = None, f"{exc.__class__.__name__}: {exc}"[:2000]
    duration_ms = int((time.monotonic() - clock) * 1000)
    finished = timezone.now()
    ok = not error
    JobHeartbeat.objects.filter(name=name).update(
        last_finished_at=finished, duration_ms=duration_ms, ok=ok, result=result, error=error,
        runs=F("runs") + 1, failures=F("failures") + (0 if ok else 1),
        **({"last_success_at": finished} if ok else {}),
    )
    logger.info("Job %s finished in %s ms (ok=%s)", name, duration_ms, ok)
    return _heartbeat_dict(job, JobHeartbeat.objects.get(name=name))


def _heartbeat_dict(job: Job, beat: JobHeartbeat | None) -> dict:
    return {
        "name": job.name,
        "description": job.description,
        "every_seconds": job.every_seconds,
        "last_started_at": beat.last_started_at if beat else None,
        "last_run": beat.last_finished_at if beat else None,
        "last_success_at": beat.last_success_at if beat else None,
        "duration_ms": beat.duration_ms if beat else None,
        "ok": beat.ok if beat else None,
        "result": beat.result if beat else None,
        "error": beat.error if beat else "",
        "runs": beat.runs if beat else 0,
        "failures": beat.failures if beat else 0,
        "overdue": _overdue(job, beat),
    }


def _overdue(job: Job, beat: JobHeartbeat | None) -> bool:
    """A periodic job that has not finished within twice its interval (plus a minute) is overdue."""
    if job.every_seconds is None or beat is None or beat.last_finished_at is None:
        return False
    return timezone.now() - beat.last_finished_at > timedelta(seconds=2 * job.every_seconds + 60)


def job_heartbeats() -> list[dict]:
    """Every registered job with its last run (never-run jobs included), for the status page."""
    beats = {beat.name: beat for beat in JobHeartbeat.objects.all()}
    return [_heartbeat_dict(job, beats.get(job.name)) for job in registered_jobs()]


def beat_schedule() -> dict[str, dict]:
    """The Celery beat schedule of every periodic job."""
    return {
        f"job:{job.name}": {"task": RUN_JOB_TASK, "schedule": timedelta(seconds=job.every_seconds),
                            "args": (job.name,)}
        for job in registered_jobs() if job.every_seconds is not None
    }
