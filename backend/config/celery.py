"""The job runner. Production uses Redis as the broker; `make run` uses a filesystem broker under
var/ so a single box needs no extra server (docs/decisions/0003-jobs-broker.md); tests run tasks
eagerly. The periodic schedule is not written here: it is built from the job registry
(`apps.platform.jobs.register_job(..., every_seconds=...)`) once Django has loaded every app."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("marketplace")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def schedule_registered_jobs(sender: Celery, **kwargs) -> None:
    """Beat runs every periodic job of the registry. The app is finalized by the worker and by
    beat after `django.setup()`, when every AppConfig.ready() has registered its jobs."""
    from django.apps import apps as django_apps

    if not django_apps.ready:
        return
    from apps.platform.jobs import beat_schedule

    sender.conf.beat_schedule = {**(sender.conf.beat_schedule or {}), **beat_schedule()}
