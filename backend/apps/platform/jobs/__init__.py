from .params import DateRangeParams
from .registry import beat_schedule, get_job, job_heartbeats, register_job, registered_jobs, run_job

__all__ = ["DateRangeParams", "beat_schedule", "get_job", "job_heartbeats", "register_job", "registered_jobs",
           "run_job"]
