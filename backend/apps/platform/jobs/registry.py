"""Jobs: named functions that run on a schedule (Celery beat), on demand (`manage.py run_job`,
the admin's run-action) and record a heartbeat every time they run. A job declares its params
with a DRF serializer (a backfill takes a date range: `DateRangeParams`); `run_job(name, **params)`
validates them before anything runs, and a scheduled run uses their defaults."""

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from celery import shared_task
from django.db.models import F
from django.utils import timezone
from rest_framework import serializers

from apps.common.errors import ApplicationError, ErrorCode
from apps.common.serializers import parse

from ..refs import to_jsonable
from .models import JobHeartbeat

logger = logging.getLogger(__name__)

RUN_JOB_TASK = "platform.run_job"


@dataclass(frozen=True)
class Job:
    name: str
    func: Callable[..., object]
    every_seconds: int | None
    description: str
    params: type[serializers.Serializer] | None = None


_jobs: dict[str, Job] = {}


def register_job(name: str, func: Callable[..., object], *, every_seconds: int | None = None,
                 description: str = "", params: type[serializers.Serializer] | None = None) -> None:
    """Register `func` (returns something JSON-able) as job `name`; with `every_seconds` it also
    runs periodically. `params`, a serializer, declares the keyword arguments `func` takes (each
    optional, or the schedule could not run it). Call from `AppConfig.ready()`."""
    if every_seconds is not None and every_seconds < 1:
        raise ValueError("every_seconds must be a positive number of seconds.")
    if every_seconds is not None and params is not None and any(f.required for f in params().fields.values()):
        raise ValueError(f"Job {name} runs on a schedule, so none of its params may be required.")
    _jobs[name] = Job(name=name, func=func, every_seconds=every_seconds, params=params,
                      description=description or (func.__doc__ or "").strip().split("\n")[0])


def job_params_parse(job: Job, params: Mapping[str, Any] | None) -> dict:
    """The validated params of one run of `job`: unknown names and invalid values are a 400
    (`errors` names them), before anything runs."""
    params = dict(params or {})
    known = set(job.params().fields) if job.params else set()
    unknown = sorted(set(params) - known)
    if unknown:
        raise ApplicationError(ErrorCode.INVALID, f"Unknown params for job {job.name}: {', '.join(unknown)}.", 400,
                               errors={name: ["Unknown param."] for name in unknown})
    return dict(parse(job.params, params)) if job.params else {}


def job_params_described(job: Job) -> list[dict]:
    """What a job accepts, for `--list` and the admin's run-action description."""
    described = []
    for name, field in (job.params().fields.items() if job.params else ()):
        described.append({"name": name, "required": field.required, "help": str(field.help_text or ""),
                          "type": field.__class__.__name__.removesuffix("Field").lower()})
    return described


def registered_jobs() -> list[Job]:
    return sorted(_jobs.values(), key=lambda job: job.name)


def get_job(name: str) -> Job:
    job = _jobs.get(name)
    if job is None:
        raise ApplicationError(ErrorCode.UNKNOWN_ACTION, f"Unknown job: {name}.", 400,
                               known=sorted(_jobs))
    return job


def run_job(name: str, **params: Any) -> dict:
    """Run job `name` now with `params` (validated first: unknown job or bad params -> 400
    `ApplicationError`, nothing runs) and record its heartbeat. A failing job is logged and
    reported in the returned heartbeat (`ok: false`, `error`), never raised."""
    job = get_job(name)
    clean = job_params_parse(job, params)
    started = timezone.now()
    clock = time.monotonic()
    JobHeartbeat.objects.update_or_create(name=name, defaults={"last_started_at": started})
    try:
        result, error = to_jsonable(job.func(**clean)), ""
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
    logger.info("Job %s%s finished in %s ms (ok=%s)", name, f" {to_jsonable(clean)}" if clean else "", duration_ms, ok)
    return _heartbeat_dict(job, JobHeartbeat.objects.get(name=name))


def _heartbeat_dict(job: Job, beat: JobHeartbeat | None) -> dict:
    return {
        "name": job.name,
        "description": job.description,
        "params": job_params_described(job),
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


@shared_task(name=RUN_JOB_TASK, ignore_result=True)
def run_job_task(name: str, params: dict | None = None) -> bool:
    """What beat sends for every periodic job (and what queues a run with params): run it and
    record the heartbeat."""
    return bool(run_job(name, **(params or {}))["ok"])
