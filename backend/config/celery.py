"""The job runner. Production uses Redis as the broker; `make run` uses a filesystem broker under
var/ so a single box needs no extra server (docs/decisions/0003-jobs-broker.md); tests run tasks
eagerly."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("marketplace")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
