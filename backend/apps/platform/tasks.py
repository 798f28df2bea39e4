"""Celery tasks of the platform (run eagerly in tests)."""

from celery import shared_task

from .jobs.registry import RUN_JOB_TASK, run_job
from .notifications.services import delivery_attempt


@shared_task(name=RUN_JOB_TASK, ignore_result=True)
def run_job_task(name: str) -> bool:
    """What beat sends for every periodic job: run it and record the heartbeat."""
    return bool(run_job(name)["ok"])


@shared_task(name="platform.deliver_notification", ignore_result=True)
def deliver_notification(delivery_id: int) -> str | None:
    return delivery_attempt(delivery_id=delivery_id)
