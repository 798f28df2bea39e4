"""The platform's Celery tasks, for the worker's autodiscovery (run eagerly in tests). Each task is
defined beside the function it runs, so queueing one never needs this module (no import cycle)."""

from .events.services import run_event_handler
from .jobs.registry import run_job_task
from .notifications.services import deliver_notification

__all__ = ["deliver_notification", "run_event_handler", "run_job_task"]
