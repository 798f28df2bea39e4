from .registry import beat_schedule, job_heartbeats, register_job, registered_jobs, run_job

__all__ = ["beat_schedule", "job_heartbeats", "register_job", "registered_jobs", "run_job"]
