from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.appointments.models import Appointment, AppointmentEvent, AppointmentStatus
from apps.common.capabilities import Role
from apps.platform.audit.models import AuditEntry
from apps.platform.events.models import PlatformEvent
from apps.platform.notifications.models import Notification

pytestmark = pytest.mark.django_db
S = AppointmentStatus
URL = "/api/v1/admin/appointments/"


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def marketplace(make_user, make_appointment):
    anna = make_user(Role.CLIENT, username="anna", display_name="Анна Петрова")
    boris = make_user(Role.CLIENT, username="boris")
    ivan = make_user(Role.MASTER, username="ivan", display_name="Иван Мастер")
    oleg = make_user(Role.MASTER, username="oleg")
    now = timezone.now()
    rows = {
        "haircut": make_appointment(S.NEW, client=anna, title="Стрижка мужская"),
        "manicure": make_appointment(S.IN_REVIEW, client=anna, master=ivan, title="Маникюр"),
        "repair": make_appointment(S.PAID, client=boris, master=ivan, title="Ремонт крана", price=Decimal("900")),
        "tiles": make_appointment(S.COMPLETED, client=boris, master=oleg, title="Укладка плитки",
                                  price=Decimal("25000")),
        "old": make_appointment(S.CANCELLED, client=boris, title="Old request"),
    }
    Appointment.objects.filter(pk=rows["old"].pk).update(created_at=now - timedelta(days=40))
    Appointment.objects.filter(pk=rows["tiles"].pk).update(created_at=now - timedelta(days=10))
    return {"anna": anna, "boris": boris, "ivan": ivan, "oleg": oleg, **rows}


def test_lists_every_appointment_newest_first_with_the_appointment_shape(super_api, marketplace):
    response = super_api.get(URL)
    body = response.json()
    assert body["count"] == 5 and set(body) == {"count", "next", "previous", "results"}
    assert _ids(response)[-2:] == [marketplace["tiles"].id, marketplace["old"].id]
    row = next(r for r in body["results"] if r["id"] == marketplace["manicure"].id)
    assert row["client"]["username"] == "anna" and row["master"]["username"] == "ivan"
    assert {"allowed_actions", "payment", "unread_count", "created_at", "updated_at"} <= set(row)
    assert row["allowed_actions"] == ["set_status"]  # what this admin may do on it


def test_filters(super_api, marketplace):
    m = marketplace
    assert set(_ids(super_api.get(URL, {"status": "PAID"}))) == {m["repair"].id}
    assert set(_ids(super_api.get(URL, {"status": "NEW,COMPLETED"}))) == {m["haircut"].id, m["tiles"].id}
    assert set(_ids(super_api.get(URL, {"master": m["ivan"].id}))) == {m["manicure"].id, m["repair"].id}
    assert set(_ids(super_api.get(URL, {"client": m["anna"].id}))) == {m["haircut"].id, m["manicure"].id}
    assert set(_ids(super_api.get(URL, {"client": m["boris"].id, "status": "PAID"}))) == {m["repair"].id}
    week_ago = (timezone.localdate() - timedelta(days=7)).isoformat()
    assert set(_ids(super_api.get(URL, {"created_from": week_ago}))) == {
        m["haircut"].id, m["manicure"].id, m["repair"].id}
    month_ago = (timezone.localdate() - timedelta(days=30)).isoformat()
    assert set(_ids(super_api.get(URL, {"created_from": month_ago, "created_to": week_ago}))) == {m["tiles"].id}


def test_the_status_filter_reads_like_the_regular_lists(super_api, as_user, marketplace):
    """One rule for `status` (appointments.selectors.with_statuses): case and spaces don't matter,
    and an unknown status is the same 400 as on `appointments/my/`."""
    m = marketplace
    assert set(_ids(super_api.get(URL, {"status": " paid , completed "}))) == {m["repair"].id, m["tiles"].id}
    admin_bad = super_api.get(URL, {"status": "PAID,nope"}).json()
    regular_bad = super_api.get("/api/v1/appointments/my/", {"status": "PAID,nope"}).json()
    assert admin_bad == regular_bad
    assert admin_bad["code"] == "invalid" and admin_bad["errors"]["status"]


def test_search(super_api, marketplace):
    m = marketplace
    assert _ids(super_api.get(URL, {"q": "плитк"})) == [m["tiles"].id]  # title, case-insensitive
    assert set(_ids(super_api.get(URL, {"q": "Петрова"}))) == {m["haircut"].id, m["manicure"].id}  # client name
    assert set(_ids(super_api.get(URL, {"q": "oleg"}))) == {m["tiles"].id}  # master username
    assert _ids(super_api.get(URL, {"q": f"#{m['repair'].id}"})) == [m["repair"].id]
    assert _ids(super_api.get(URL, {"q": "nothing like this"})) == []


def test_ordering(super_api, marketplace):
    m = marketplace
    by_price = _ids(super_api.get(URL, {"ordering": "-price", "status": "PAID,COMPLETED"}))
    assert by_price == [m["tiles"].id, m["repair"].id]
    oldest = _ids(super_api.get(URL, {"ordering": "created_at"}))
    assert oldest[0] == m["old"].id


@pytest.mark.parametrize("params", [
    {"status": "BOGUS"}, {"status": "PAID,nope"}, {"master": "abc"}, {"client": "-3"},
    {"created_from": "yesterday"}, {"created_to": "2026-13-45"}, {"ordering": "password"}, {"q": "x" * 201},
])
def test_bad_filters_are_400_naming_the_parameter(super_api, marketplace, params):
    response = super_api.get(URL, params)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] and list(body["errors"]) == list(params)


def test_query_count_does_not_grow_with_page_size(super_api, make_user, make_appointment,
                                                  django_assert_max_num_queries):
    statuses = [S.NEW, S.IN_REVIEW, S.AWAITING_PAYMENT, S.PAYMENT_PROOF_UPLOADED, S.PAID, S.COMPLETED]
    masters = [make_user(Role.MASTER) for _ in range(3)]
    for i in range(60):
        status = statuses[i % len(statuses)]
        make_appointment(status, master=masters[i % 3] if status != S.NEW else None, title=f"Job {i}")
    super_api.get(URL)  # the first call fills the cache (site settings for payment instructions)
    counts = {}
    for size in (5, 50):
        with CaptureQueriesContext(connection) as ctx:
            assert len(_ids(super_api.get(URL, {"page_size": size}))) == size
        counts[size] = len(ctx.captured_queries)
    assert counts[5] == counts[50], counts
    with django_assert_max_num_queries(8):
        super_api.get(URL, {"page_size": 50, "q": "Job", "ordering": "-price"})


# --- set-status --------------------------------------------------------------------------------

def test_set_status_goes_through_the_state_machine_and_is_audited(make_admin, as_user, make_appointment,
                                                                   django_capture_on_commit_callbacks):
    admin = make_admin("support")
    appointment = make_appointment(S.AWAITING_PAYMENT)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(admin).post(f"{URL}{appointment.id}/set-status/",
                                       {"status": "CANCELLED", "reason": "  The client asked by phone  "})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "CANCELLED"
    event = AppointmentEvent.objects.filter(appointment=appointment).last()
    assert (event.type, event.actor, event.from_status, event.to_status) == (
        "status_set", admin, "AWAITING_PAYMENT", "CANCELLED")
    assert event.data == {"reason": "The client asked by phone"}
    audit = AuditEntry.objects.get(action="appointment.status_set")
    assert (audit.actor, audit.target_type, audit.target_id) == (admin, "appointments.appointment", str(appointment.id))
    assert audit.reason == "The client asked by phone"
    assert audit.changes["status"] == ["AWAITING_PAYMENT", "CANCELLED"]
    assert audit.changes["cancelled_at"][0] is None and audit.changes["cancelled_at"][1]
    platform = PlatformEvent.objects.get(type="appointment.status_set")
    assert platform.actor == admin and platform.payload["to_status"] == "CANCELLED"
    # both sides hear about it (the appointment's own notification rules, after commit)
    told = set(Notification.objects.filter(data__appointment_id=appointment.id).values_list("user_id", flat=True))
    assert told == {appointment.client_id, appointment.master_id}


def test_the_transition_itself_writes_the_set_status_audit(make_admin, make_appointment):
    """Not the admin layer around it: whoever calls the state machine's set-status gets the audit
    entry, written under the transition's own row lock with the diff of that very change."""
    from apps.appointments.services import appointment_set_status

    admin = make_admin("support")
    appointment = make_appointment(S.PAID)
    appointment_set_status(appointment_id=appointment.id, actor=admin, status="IN_PROGRESS", reason="started on site")
    audit = AuditEntry.objects.get(action="appointment.status_set")
    assert audit.actor == admin and audit.reason == "started on site"
    assert audit.changes["status"] == ["PAID", "IN_PROGRESS"] and audit.changes["started_at"][0] is None
    assert set(audit.changes) == {"status", "started_at"}


def test_set_status_back_to_new_releases_the_master(super_api, make_appointment):
    appointment = make_appointment(S.IN_REVIEW)
    response = super_api.post(f"{URL}{appointment.id}/set-status/", {"status": "NEW", "reason": "Master is ill"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "NEW" and response.json()["master"] is None  # back in the queue
    audit = AuditEntry.objects.get(action="appointment.status_set")
    assert audit.changes["master_id"] == [appointment.master_id, None]
    assert audit.changes["taken_at"][1] is None


@pytest.mark.parametrize(("body", "code"), [
    ({"status": "ARCHIVED", "reason": "x"}, "invalid_choice"),
    ({"status": "", "reason": "x"}, "invalid_choice"),
    ({"reason": "x"}, "required"),
    ({"status": "CANCELLED"}, "required"),
    ({"status": "CANCELLED", "reason": "   "}, "blank"),
    ({"status": "CANCELLED", "reason": "r" * 1001}, "max_length"),
])
def test_set_status_validation(super_api, make_appointment, body, code):
    appointment = make_appointment(S.IN_REVIEW)
    response = super_api.post(f"{URL}{appointment.id}/set-status/", body, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["code"] == code
    appointment.refresh_from_db()
    assert appointment.status == S.IN_REVIEW
    assert not AuditEntry.objects.filter(action="appointment.status_set").exists()


def test_set_status_refuses_what_the_state_machine_refuses(super_api, make_appointment):
    new = make_appointment(S.NEW)
    same = super_api.post(f"{URL}{new.id}/set-status/", {"status": "NEW", "reason": "again"})
    assert same.status_code == 409 and same.json() | {"code": "invalid_transition", "status": "NEW"} == same.json()
    no_master = super_api.post(f"{URL}{new.id}/set-status/", {"status": "PAID", "reason": "paid in cash"})
    assert no_master.status_code == 400 and no_master.json()["code"] == "master_required"
    assert super_api.post(f"{URL}999999/set-status/", {"status": "NEW", "reason": "x"}).status_code == 404
    assert not AuditEntry.objects.filter(action="appointment.status_set").exists()


# --- payments ----------------------------------------------------------------------------------

def test_confirm_payment_by_finance_is_audited(make_admin, as_user, make_appointment):
    finance = make_admin("finance")
    appointment = make_appointment(S.PAYMENT_PROOF_UPLOADED)
    response = as_user(finance).post(f"{URL}{appointment.id}/confirm-payment/")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "PAID"
    appointment.refresh_from_db()
    assert appointment.payment_confirmed_by == finance and appointment.payment_confirmed_at is not None
    audit = AuditEntry.objects.get(action="appointment.payment_confirmed")
    assert audit.actor == finance
    assert audit.changes["status"] == ["PAYMENT_PROOF_UPLOADED", "PAID"]
    assert audit.changes["payment_confirmed_by_id"] == [None, finance.id]
    assert PlatformEvent.objects.filter(type="appointment.payment_confirmed", actor=finance).count() == 1
    again = as_user(finance).post(f"{URL}{appointment.id}/confirm-payment/")
    assert again.status_code == 409 and again.json()["status"] == "PAID"
    assert AuditEntry.objects.filter(action="appointment.payment_confirmed").count() == 1


def test_reject_payment_needs_a_reason_and_is_audited(make_admin, as_user, make_appointment):
    finance = as_user(make_admin("finance"))
    appointment = make_appointment(S.PAYMENT_PROOF_UPLOADED)
    assert finance.post(f"{URL}{appointment.id}/reject-payment/", {}).json()["code"] == "required"
    response = finance.post(f"{URL}{appointment.id}/reject-payment/", {"reason": "Wrong amount"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "AWAITING_PAYMENT"
    assert response.json()["payment"]["rejection_reason"] == "Wrong amount"
    audit = AuditEntry.objects.get(action="appointment.payment_rejected")
    assert audit.reason == "Wrong amount" and audit.changes["status"] == ["PAYMENT_PROOF_UPLOADED", "AWAITING_PAYMENT"]
