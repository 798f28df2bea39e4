import socket
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from apps.accounts.models import MasterProfile, SiteSettings
from apps.appointments.models import AppointmentStatus
from apps.common.capabilities import Role
from apps.platform.audit.models import AuditEntry
from apps.platform.events.models import PlatformEvent
from apps.platform.jobs import DateRangeParams
from apps.platform.jobs.models import JobHeartbeat
from apps.platform.jobs.registry import _jobs, register_job
from apps.reviews.models import MasterRating

pytestmark = pytest.mark.django_db
STATUS = "/api/v1/admin/system/status/"
SETTINGS = "/api/v1/admin/system/settings/"
RUN = "/api/v1/admin/system/run-action/"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


# --- status ------------------------------------------------------------------------------------

def test_status_report(super_api, make_user, make_appointment, settings):
    settings.APP_VERSION = "2.3.4"
    make_user(Role.MASTER, master_status=MasterProfile.Status.PENDING)
    make_appointment(AppointmentStatus.PAID)
    make_user(Role.CLIENT, is_banned=True)
    response = super_api.get(STATUS)
    assert response.status_code == 200, response.content
    report = response.json()
    assert report["version"] == "2.3.4"
    assert report["database"]["ok"] is True and report["database"]["vendor"] == connection.vendor
    assert report["database"]["latency_ms"] >= 0
    assert report["migrations"] == {"pending": [], "up_to_date": True}
    assert report["cache"]["ok"] is True
    assert report["broker"]["ok"] is True and report["broker"]["transport"] == "memory"
    counts = report["counts"]
    assert counts["users"]["master"] == 2 and counts["users"]["banned"] == 1 and counts["users"]["admin"] == 1
    assert counts["masters"] == {"pending": 1, "active": 1, "suspended": 0}
    assert counts["appointments"]["PAID"] == 1 and counts["appointments"]["total"] == 1
    jobs = {job["name"]: job for job in report["jobs"]}
    assert "auth.flush_expired_tokens" in jobs and jobs["auth.flush_expired_tokens"]["last_run"] is None
    assert {a["name"] for a in report["actions"]} >= {"flush_expired_tokens", "run_job", "clear_cache"}


def test_status_shows_pending_migrations(super_api):
    MigrationRecorder(connection).migration_qs.filter(app="adminpanel").delete()
    MigrationRecorder(connection).migration_qs.filter(app="accounts").delete()  # every one, whatever the leaf
    migrations = super_api.get(STATUS).json()["migrations"]
    assert migrations["up_to_date"] is False and "accounts.0001_initial" in migrations["pending"]


def test_status_probes_the_filesystem_broker(super_api, settings, tmp_path):
    queue = tmp_path / "queue"
    queue.mkdir()
    (queue / "1_abc.celery.msg").write_text("{}")
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"data_folder_in": str(queue), "data_folder_out": str(queue)}
    broker = super_api.get(STATUS).json()["broker"]
    assert broker | {"ok": True, "transport": "filesystem", "queued": 1} == broker
    assert sorted(p.name for p in queue.iterdir()) == ["1_abc.celery.msg"]  # the probe left nothing behind
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"data_folder_in": str(tmp_path / "missing")}
    broken = super_api.get(STATUS).json()["broker"]
    assert broken["ok"] is False and "does not exist" in broken["error"]


@pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379")
def test_status_pings_a_real_redis_broker(super_api, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/15"
    broker = super_api.get(STATUS).json()["broker"]
    assert broker["ok"] is True and broker["transport"] == "redis" and broker["queued"] >= 0


def test_status_reports_an_unreachable_broker_and_cache_without_failing(super_api, settings):
    port = _closed_port()
    settings.CELERY_BROKER_URL = f"redis://user:s3cret@127.0.0.1:{port}/0"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": f"redis://127.0.0.1:{port}/0"}}
    started = timezone.now()
    response = super_api.get(STATUS)
    assert response.status_code == 200
    report = response.json()
    assert report["broker"]["ok"] is False and "Connection" in report["broker"]["error"]
    assert report["cache"]["ok"] is False
    assert report["database"]["ok"] is True
    assert "s3cret" not in response.content.decode()
    assert timezone.now() - started < timedelta(seconds=10)


# --- settings ----------------------------------------------------------------------------------

def test_settings_read_and_change(super_api, api, django_capture_on_commit_callbacks):
    assert super_api.get(SETTINGS).json()["max_upload_mb"] == 10
    response = super_api.patch(SETTINGS, {"site_name": "Мастера рядом", "max_upload_mb": 20,
                                          "registration_open": False})
    assert response.status_code == 200, response.content
    assert response.json() | {"site_name": "Мастера рядом", "max_upload_mb": 20} == response.json()
    row = SiteSettings.objects.get()
    assert (row.site_name, row.max_upload_mb, row.registration_open) == ("Мастера рядом", 20, False)
    # the public site info and the rules that read the settings see it at once (cache invalidated)
    assert api.get("/api/v1/site/").json()["site_name"] == "Мастера рядом"
    register = api.post("/api/v1/auth/register/", {"username": "newbie", "password": "Long-pass-42"})
    assert register.status_code == 403 and register.json()["code"] == "registration_closed"
    audit = AuditEntry.objects.get(action="settings.changed")
    assert audit.changes["max_upload_mb"] == [10, 20] and audit.changes["registration_open"] == [True, False]
    assert PlatformEvent.objects.filter(type="settings.changed").count() == 1
    put = super_api.put(SETTINGS, {"site_name": "Market", "support_contact": "@help", "payment_instructions": "",
                                   "registration_open": True, "max_upload_mb": 5, "telegram_bot_username": ""})
    assert put.status_code == 200 and put.json()["max_upload_mb"] == 5


@pytest.mark.parametrize("body", [
    {"max_upload_mb": -1}, {"max_upload_mb": 0}, {"max_upload_mb": 10**9}, {"max_upload_mb": "ten"},
    {"site_name": "   "}, {"site_name": "x" * 101}, {"registration_open": "maybe"},
    {"telegram_bot_username": "no spaces allowed"}, {"support_contact": "c" * 201},
])
@pytest.mark.parametrize("method", ["patch", "put"])
def test_bad_settings_are_400_and_change_nothing(super_api, body, method):
    response = getattr(super_api, method)(SETTINGS, body, format="json")
    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == list(body)
    assert SiteSettings.load().max_upload_mb == 10 and SiteSettings.load().site_name == "Marketplace"
    assert not AuditEntry.objects.filter(action="settings.changed").exists()


# --- run-action --------------------------------------------------------------------------------

def test_actions_are_listed_with_their_params(super_api):
    actions = {a["name"]: a for a in super_api.get(RUN).json()}
    assert set(actions) >= {"flush_expired_tokens", "recompute_ratings", "run_job", "clear_cache"}
    name, params = actions["run_job"]["params"]
    assert name["name"] == "name" and name["required"] is True
    assert "auth.flush_expired_tokens" in name["choices"]
    assert params["name"] == "params" and params["required"] is False
    jobs = {job["name"]: job for job in super_api.get("/api/v1/admin/system/status/").json()["jobs"]}
    assert [p["name"] for p in jobs["notifications.prune_read"]["params"]] == ["keep_days"]


def test_flush_expired_tokens(super_api, make_user, make_admin):
    user = make_user()
    expired = RefreshToken.for_user(user)
    OutstandingToken.objects.filter(jti=expired["jti"]).update(expires_at=timezone.now() - timedelta(days=1))
    live = RefreshToken.for_user(user)
    response = super_api.post(RUN, {"action": "flush_expired_tokens", "reason": "monthly cleanup"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["action"], body["ok"], body["result"]) == ("flush_expired_tokens", True, {"deleted": 1})
    assert isinstance(body["duration_ms"], int)
    assert list(OutstandingToken.objects.filter(user=user).values_list("jti", flat=True)) == [live["jti"]]
    assert JobHeartbeat.objects.get(name="auth.flush_expired_tokens").runs == 1
    audit = AuditEntry.objects.get(action="admin.action_run")
    assert audit.reason == "monthly cleanup"
    assert audit.metadata | {"action": "flush_expired_tokens", "ok": True, "params": {}} == audit.metadata
    event = PlatformEvent.objects.get(type="admin.action_run")
    assert event.payload | {"action": "flush_expired_tokens", "ok": True} == event.payload


@pytest.fixture
def sample_jobs():
    calls = []
    register_job("test.tidy", lambda: calls.append(1) or {"tidied": 3})

    def broken():
        raise RuntimeError("disk full")

    def backfill(*, date_from, date_to):
        calls.append((date_from, date_to))
        return {"days": (date_to - date_from).days + 1}

    register_job("test.broken", broken)
    register_job("test.backfill", backfill, params=DateRangeParams)
    yield calls
    for name in ("test.tidy", "test.broken", "test.backfill"):
        _jobs.pop(name, None)


def test_run_job_passes_the_jobs_validated_params(super_api, sample_jobs):
    body = {"action": "run_job", "params": {"name": "test.backfill",
                                            "params": {"date_from": "2026-03-01", "date_to": "2026-03-31"}}}
    response = super_api.post(RUN, body, format="json")
    assert response.json() | {"ok": True, "result": {"days": 31}} == response.json()
    assert sample_jobs == [(date(2026, 3, 1), date(2026, 3, 31))]
    audit = AuditEntry.objects.get(action="admin.action_run")
    assert audit.metadata["params"] == {"name": "test.backfill",
                                        "params": {"date_from": "2026-03-01", "date_to": "2026-03-31"}}


@pytest.mark.parametrize("params", [
    {"date_from": "2026-03-31", "date_to": "2026-03-01"},  # backwards
    {"date_from": "March"},
    {"days": 3},  # not a param of this job
])
def test_bad_job_params_refuse_the_action_before_it_runs(super_api, sample_jobs, params):
    response = super_api.post(RUN, {"action": "run_job", "params": {"name": "test.backfill", "params": params}},
                              format="json")
    assert response.status_code == 400, response.content
    assert "params" in response.json()["errors"]
    assert sample_jobs == [] and not JobHeartbeat.objects.filter(name="test.backfill").exists()
    assert not AuditEntry.objects.filter(action="admin.action_run").exists()


def test_run_job_runs_it_now(super_api, sample_jobs):
    response = super_api.post(RUN, {"action": "run_job", "params": {"name": "test.tidy"}}, format="json")
    assert response.json() | {"ok": True, "result": {"tidied": 3}} == response.json()
    assert sample_jobs == [1]
    assert JobHeartbeat.objects.get(name="test.tidy").ok is True


def test_a_failing_action_is_reported_and_audited(super_api, sample_jobs):
    response = super_api.post(RUN, {"action": "run_job", "params": {"name": "test.broken"}}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is False and "disk full" in body["result"]["error"]
    audit = AuditEntry.objects.get(action="admin.action_run")
    assert audit.metadata["ok"] is False and audit.metadata["params"] == {"name": "test.broken", "params": {}}


def test_recompute_ratings_repairs_the_summaries(super_api, make_appointment):
    from apps.reviews.services import review_leave

    done = make_appointment(AppointmentStatus.COMPLETED)
    review_leave(appointment_id=done.id, author=done.client, direction="client_to_master", rating=4)
    review_leave(appointment_id=done.id, author=done.master, direction="master_to_client", rating=5)
    MasterRating.objects.filter(master=done.master).update(average=1, count=99, distribution={})
    response = super_api.post(RUN, {"action": "recompute_ratings"})
    assert response.json() | {"ok": True, "result": {"masters": 1, "changed": 1}} == response.json()
    stored = MasterRating.objects.get(master=done.master)
    assert (float(stored.average), stored.count, stored.distribution["4"]) == (4.0, 1, 1)
    again = super_api.post(RUN, {"action": "recompute_ratings"}).json()
    assert again["result"] == {"masters": 1, "changed": 0}


def test_clear_cache(super_api):
    cache.set("some-key", "value")
    assert super_api.post(RUN, {"action": "clear_cache"}).json()["ok"] is True
    assert cache.get("some-key") is None


@pytest.mark.parametrize(("body", "code"), [
    ({"action": "rm_rf"}, "unknown_action"),
    ({"action": ""}, "blank"),
    ({}, "required"),
    ({"action": "run_job"}, "required"),
    ({"action": "run_job", "params": {"name": "no.such.job"}}, "invalid_choice"),
    ({"action": "run_job", "params": ["test.tidy"]}, "invalid"),
    ({"action": "clear_cache", "params": {"everything": True}}, "invalid"),
])
def test_bad_run_action_requests_are_400_and_run_nothing(super_api, sample_jobs, body, code):
    cache.set("kept", 1)
    response = super_api.post(RUN, body, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["code"] == code
    assert cache.get("kept") == 1 and sample_jobs == []
    assert not AuditEntry.objects.filter(action="admin.action_run").exists()
