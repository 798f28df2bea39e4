from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from apps.common.errors import ApplicationError
from apps.platform.jobs import DateRangeParams, beat_schedule, job_heartbeats, register_job, run_job
from apps.platform.jobs.models import JobHeartbeat
from apps.platform.jobs.registry import _jobs
from apps.platform.notifications.models import Notification
from apps.platform.notifications.services import notify
from apps.platform.tasks import run_job_task

pytestmark = pytest.mark.django_db

BUILTIN = {"notifications.retry_deliveries", "notifications.prune_read", "auth.flush_expired_tokens"}


@pytest.fixture
def sample_jobs():
    calls = []

    def tidy() -> dict:
        """Tidy things up."""
        calls.append("tidy")
        return {"tidied": 3, "at": timezone.now()}

    def broken() -> None:
        raise RuntimeError("disk full")

    def backfill(*, date_from=None, date_to=None) -> dict:
        """Recompute a range of days."""
        calls.append(("backfill", date_from, date_to))
        return {"from": date_from, "to": date_to}

    register_job("test.tidy", tidy, every_seconds=300)
    register_job("test.broken", broken, description="Always fails")
    register_job("test.backfill", backfill, params=DateRangeParams)
    yield calls
    for name in ("test.tidy", "test.broken", "test.backfill"):
        _jobs.pop(name, None)


def test_run_job_records_a_heartbeat(sample_jobs):
    beat = run_job("test.tidy")
    assert sample_jobs == ["tidy"]
    assert beat["ok"] is True and beat["error"] == ""
    assert beat["result"]["tidied"] == 3 and isinstance(beat["result"]["at"], str)
    assert beat["duration_ms"] >= 0 and beat["runs"] == 1 and beat["failures"] == 0
    assert beat["last_run"] is not None and beat["last_success_at"] == beat["last_run"]
    assert beat["description"] == "Tidy things up." and beat["every_seconds"] == 300
    assert run_job("test.tidy")["runs"] == 2
    assert JobHeartbeat.objects.get(name="test.tidy").runs == 2


def test_a_failing_job_is_reported_not_raised(sample_jobs):
    run_job("test.tidy")
    beat = run_job("test.broken")
    assert beat["ok"] is False and beat["error"] == "RuntimeError: disk full"
    assert beat["result"] is None and beat["failures"] == 1 and beat["last_success_at"] is None


def test_run_job_validates_and_passes_the_params_the_job_declares(sample_jobs):
    beat = run_job("test.backfill", date_from="2026-03-01", date_to=date(2026, 3, 31))
    assert beat["ok"] and beat["result"] == {"from": "2026-03-01", "to": "2026-03-31"}
    assert sample_jobs == [("backfill", date(2026, 3, 1), date(2026, 3, 31))]
    assert run_job("test.backfill")["result"] == {"from": None, "to": None}  # both bounds open
    assert [p["name"] for p in beat["params"]] == ["date_from", "date_to"]


@pytest.mark.parametrize(("params", "field"), [
    ({"date_from": "2026-03-31", "date_to": "2026-03-01"}, "date_from"),
    ({"date_to": "2999-01-01"}, "date_to"),
    ({"date_from": "2016-01-01", "date_to": "2026-03-01"}, "date_to"),
    ({"date_from": "yesterday"}, "date_from"),
    ({"days": 3}, "days"),
])
def test_bad_params_refuse_the_run_before_it_starts(sample_jobs, params, field):
    with pytest.raises((ApplicationError, ValidationError)) as exc:
        run_job("test.backfill", **params)
    errors = exc.value.extra["errors"] if isinstance(exc.value, ApplicationError) else exc.value.detail
    assert field in errors
    assert sample_jobs == [] and not JobHeartbeat.objects.filter(name="test.backfill").exists()
    with pytest.raises((ApplicationError, ValidationError)):
        run_job("test.tidy", limit=3)  # a job without params takes none


def test_a_scheduled_job_cant_require_params():
    class Needs(DateRangeParams):
        day = serializers.DateField()

    with pytest.raises(ValueError, match="required"):
        register_job("test.needy", lambda day: None, every_seconds=60, params=Needs)
    assert "test.needy" not in _jobs


def test_unknown_job(sample_jobs):
    with pytest.raises(ApplicationError) as exc:
        run_job("test.nope")
    assert exc.value.code == "unknown_action"


def test_heartbeats_list_every_registered_job(sample_jobs):
    run_job("test.tidy")
    beats = {b["name"]: b for b in job_heartbeats()}
    assert BUILTIN | {"test.tidy", "test.broken"} <= set(beats)
    assert beats["test.tidy"]["ok"] is True and beats["test.tidy"]["overdue"] is False
    assert beats["test.broken"]["last_run"] is None and beats["test.broken"]["ok"] is None
    JobHeartbeat.objects.filter(name="test.tidy").update(last_finished_at=timezone.now() - timedelta(hours=1))
    assert {b["name"]: b for b in job_heartbeats()}["test.tidy"]["overdue"] is True


def test_beat_schedule_is_built_from_the_registry(sample_jobs):
    schedule = beat_schedule()
    assert schedule["job:test.tidy"] == {"task": "platform.run_job", "schedule": timedelta(seconds=300),
                                         "args": ("test.tidy",)}
    assert "job:test.broken" not in schedule  # on demand only
    assert schedule["job:notifications.retry_deliveries"]["schedule"] == timedelta(seconds=60)

    from config.celery import app

    app.finalize()
    assert {f"job:{name}" for name in BUILTIN} <= set(app.conf.beat_schedule)


def test_the_celery_task_runs_the_job_eagerly(sample_jobs):
    run_job_task.delay("test.tidy")
    assert sample_jobs == ["tidy"]
    assert JobHeartbeat.objects.get(name="test.tidy").ok is True


def test_management_command(sample_jobs):
    out = StringIO()
    call_command("run_job", "--list", stdout=out)
    listing = out.getvalue()
    for name in BUILTIN | {"test.tidy"}:
        assert name in listing
    assert "every 60s" in listing and "on demand" in listing

    out = StringIO()
    call_command("run_job", "test.tidy", stdout=out)
    assert "test.tidy: ok" in out.getvalue()
    assert JobHeartbeat.objects.get(name="test.tidy").runs == 1

    with pytest.raises(CommandError, match="disk full"):
        call_command("run_job", "test.broken")
    assert JobHeartbeat.objects.get(name="test.broken").failures == 1
    with pytest.raises(CommandError, match="Unknown job"):
        call_command("run_job", "test.nope")
    with pytest.raises(CommandError):
        call_command("run_job")


def test_management_command_takes_the_jobs_params(sample_jobs):
    out = StringIO()
    call_command("run_job", "--list", stdout=out)
    assert "params: date_from date_to" in out.getvalue()
    call_command("run_job", "test.backfill", "date_from=2026-03-01", "date_to=2026-03-02", stdout=StringIO())
    assert sample_jobs == [("backfill", date(2026, 3, 1), date(2026, 3, 2))]
    for bad in (["date_from=2026-03-02", "date_to=2026-03-01"], ["days=3"], ["date_from"]):
        with pytest.raises(CommandError):
            call_command("run_job", "test.backfill", *bad)
    assert len(sample_jobs) == 1


def test_the_periodic_job_params_have_defaults_that_run(make_user):
    assert run_job("notifications.prune_read", keep_days=7)["result"] == {"deleted": 0, "keep_days": 7}
    with pytest.raises(ValidationError):
        run_job("notifications.prune_read", keep_days=0)
    assert run_job("reviews.publish_due", limit=5)["result"] == {"published": 0, "more": False}


def test_prune_read_notifications_keeps_unread_and_recent(make_user, settings):
    settings.NOTIFICATIONS_KEEP_DAYS = 30
    user = make_user()
    settings.TELEGRAM_BOT_TOKEN = "1:token"
    user.telegram_id = 123456
    user.save()
    old_read, recent_read, old_unread = (notify(user=user, type="system", title=t)
                                         for t in ("old read", "recent read", "old unread"))
    assert old_read.deliveries.count() == 1  # its delivery log goes with it
    now = timezone.now()
    Notification.objects.filter(pk=old_read.pk).update(read_at=now - timedelta(days=31))
    Notification.objects.filter(pk=recent_read.pk).update(read_at=now - timedelta(days=29))
    Notification.objects.filter(pk=old_unread.pk).update(created_at=now - timedelta(days=400))
    beat = run_job("notifications.prune_read")
    assert beat["ok"] and beat["result"] == {"deleted": 1, "keep_days": 30}
    assert set(Notification.objects.values_list("title", flat=True)) == {"recent read", "old unread"}


def test_flush_expired_tokens(make_user):
    user = make_user()
    RefreshToken.for_user(user)
    expired = RefreshToken.for_user(user)
    OutstandingToken.objects.filter(jti=expired["jti"]).update(expires_at=timezone.now() - timedelta(minutes=1))
    beat = run_job("auth.flush_expired_tokens")
    assert beat["ok"] and beat["result"] == {"deleted": 1}
    assert OutstandingToken.objects.filter(user=user).count() == 1
