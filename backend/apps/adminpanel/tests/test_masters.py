from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts.models import MasterProfile
from apps.appointments.models import AppointmentStatus
from apps.common.capabilities import Role
from apps.platform.audit.models import AuditEntry
from apps.platform.events.models import PlatformEvent
from apps.platform.notifications.models import Notification
from apps.reviews.models import MasterRating

pytestmark = pytest.mark.django_db
S = AppointmentStatus
URL = "/api/v1/admin/masters/"


def _rows(response) -> dict[str, dict]:
    assert response.status_code == 200, response.content
    return {row["username"]: row for row in response.json()["results"]}


def _rate(master, avg: str, count: int) -> None:
    MasterRating.objects.update_or_create(master=master, defaults={"average": Decimal(avg), "count": count})


@pytest.fixture
def masters(make_user, make_appointment):
    ivan = make_user(Role.MASTER, username="ivan")
    olga = make_user(Role.MASTER, username="olga")
    petr = make_user(Role.MASTER, username="petr", master_status=MasterProfile.Status.PENDING)
    sergey = make_user(Role.MASTER, username="sergey", master_status=MasterProfile.Status.SUSPENDED)
    for status in (S.IN_REVIEW, S.PAID, S.IN_PROGRESS, S.COMPLETED, S.COMPLETED, S.CANCELLED):
        make_appointment(status, master=ivan)
    make_appointment(S.COMPLETED, master=olga)
    make_appointment(S.DECLINED_BY_MASTER, master=olga)
    make_appointment(S.NEW)
    _rate(ivan, "4.50", 2)
    _rate(olga, "4.90", 1)
    return {"ivan": ivan, "olga": olga, "petr": petr, "sergey": sergey}


def test_masters_with_status_rating_and_work_counts(super_api, masters, make_user):
    make_user(Role.CLIENT)
    rows = _rows(super_api.get(URL))
    assert set(rows) == {"ivan", "olga", "petr", "sergey"}
    ivan = rows["ivan"]
    assert (ivan["status"], ivan["active_count"], ivan["completed_count"]) == ("active", 3, 2)
    assert (ivan["rating_avg"], ivan["rating_count"]) == (4.5, 2)
    assert (rows["olga"]["active_count"], rows["olga"]["completed_count"]) == (0, 1)
    assert (rows["petr"]["status"], rows["petr"]["rating_avg"], rows["petr"]["active_count"]) == ("pending", None, 0)
    assert ivan["id"] == masters["ivan"].id  # ids in admin paths are user ids


def test_master_filters_and_ordering(super_api, masters):
    assert set(_rows(super_api.get(URL, {"status": "pending"}))) == {"petr"}
    assert set(_rows(super_api.get(URL, {"status": "suspended"}))) == {"sergey"}
    assert set(_rows(super_api.get(URL, {"q": "OLG"}))) == {"olga"}
    by_rating = [r["username"] for r in super_api.get(URL, {"ordering": "-rating"}).json()["results"]]
    assert by_rating[:2] == ["olga", "ivan"]  # unrated masters last, whichever the direction
    assert [r["username"] for r in super_api.get(URL, {"ordering": "rating"}).json()["results"]][:2] == [
        "ivan", "olga"]
    busiest = super_api.get(URL, {"ordering": "-active_count"}).json()["results"]
    assert busiest[0]["username"] == "ivan"
    most_done = super_api.get(URL, {"ordering": "-completed_count"}).json()["results"]
    assert [r["username"] for r in most_done[:2]] == ["ivan", "olga"]


@pytest.mark.parametrize("params", [{"status": "retired"}, {"ordering": "salary"}, {"banned": "yes"}])
def test_bad_master_filters_are_400(super_api, masters, params):
    response = super_api.get(URL, params)
    assert response.status_code == 400 and list(response.json()["errors"]) == list(params)


def test_master_list_query_count_does_not_grow_with_page_size(super_api, make_user, make_appointment,
                                                              django_assert_max_num_queries):
    for _ in range(55):
        master = make_user(Role.MASTER)
        make_appointment(S.PAID, master=master)
    counts = {}
    for size in (5, 50):
        with CaptureQueriesContext(connection) as ctx:
            assert len(_rows(super_api.get(URL, {"page_size": size}))) == size
        counts[size] = len(ctx.captured_queries)
    assert counts[5] == counts[50], counts
    with django_assert_max_num_queries(4):
        super_api.get(URL, {"page_size": 50, "ordering": "-rating", "status": "active"})


def test_activate_lets_a_pending_master_take_requests(make_admin, as_user, make_user, make_appointment,
                                                      django_capture_on_commit_callbacks):
    moderator = make_admin("moderator")
    master = make_user(Role.MASTER, master_status=MasterProfile.Status.PENDING)
    request = make_appointment(S.NEW)
    assert as_user(master).post(f"/api/v1/appointments/{request.id}/take/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(moderator).post(f"{URL}{master.id}/activate/", {})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "active" and response.json()["master_profile"]["status"] == "active"
    assert as_user(master).post(f"/api/v1/appointments/{request.id}/take/").status_code == 200
    audit = AuditEntry.objects.get(action="master.activated")
    assert (audit.actor, audit.target_id, audit.changes) == (moderator, str(master.id),
                                                             {"status": ["pending", "active"]})
    assert PlatformEvent.objects.filter(type="master.activated", subject_id=str(master.id)).count() == 1
    told = Notification.objects.get(user=master)
    assert told.type == "master_status"


def test_suspend_stops_new_work_but_keeps_the_active_work(super_api, as_user, make_appointment,
                                                          django_capture_on_commit_callbacks):
    work = make_appointment(S.PAID)
    queued = make_appointment(S.NEW)
    master = work.master
    with django_capture_on_commit_callbacks(execute=True):
        response = super_api.post(f"{URL}{master.id}/suspend/", {"reason": "Three complaints this week"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "suspended" and body["active_count"] == 1
    assert body["master_profile"]["status_reason"] == "Three complaints this week"
    api = as_user(master)
    new_queue = api.get("/api/v1/appointments/new/")
    assert new_queue.status_code == 403 and new_queue.json()["code"] == "master_not_active"
    assert api.get(f"/api/v1/appointments/{queued.id}/").status_code == 404
    assert api.post(f"/api/v1/appointments/{queued.id}/take/").status_code == 404
    assert [a["id"] for a in api.get("/api/v1/appointments/active/").json()["results"]] == [work.id]
    assert api.post(f"/api/v1/appointments/{work.id}/start/").status_code == 200
    audit = AuditEntry.objects.get(action="master.suspended")
    assert audit.reason == "Three complaints this week"
    notice = Notification.objects.get(user=master, type="master_status")
    assert "Three complaints this week" in notice.body
    # suspending again changes nothing and records nothing
    assert super_api.post(f"{URL}{master.id}/suspend/", {}).status_code == 200
    assert AuditEntry.objects.filter(action="master.suspended").count() == 1


def test_only_masters_can_be_activated(super_api, make_user):
    client = make_user(Role.CLIENT)
    assert super_api.post(f"{URL}{client.id}/activate/").status_code == 404
    assert super_api.post(f"{URL}999999/suspend/").status_code == 404
    assert super_api.post(f"{URL}{client.id}/suspend/", {"reason": "r" * 501}, format="json").status_code == 400
