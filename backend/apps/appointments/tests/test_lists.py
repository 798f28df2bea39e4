import pytest

from apps.appointments.models import AppointmentStatus
from apps.appointments.services import appointment_set_status
from apps.common.capabilities import Role

pytestmark = pytest.mark.django_db
S = AppointmentStatus


@pytest.fixture
def busy_master(make_user, make_appointment):
    master = make_user(Role.MASTER)
    master.master_profile.payment_account = "2200 0000 0000 0001"
    master.master_profile.save()
    for i in range(60):
        status = [S.IN_REVIEW, S.AWAITING_PAYMENT, S.PAID, S.COMPLETED][i % 4]
        make_appointment(status, master=master, client=make_user(Role.CLIENT), title=f"Job {i}")
    for _ in range(55):
        make_appointment(S.NEW)
    return master


@pytest.mark.parametrize("path", ["my", "active", "new"])
def test_list_query_count_does_not_grow_with_page_size(as_user, busy_master, django_assert_max_num_queries, path):
    api = as_user(busy_master)
    api.get(f"/api/v1/appointments/{path}/")  # one-off work (the site-settings row) out of the way
    counts = {}
    for size in (5, 50):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            response = api.get(f"/api/v1/appointments/{path}/?page_size={size}")
        assert response.status_code == 200
        assert len(response.json()["results"]) == min(size, response.json()["count"])
        counts[size] = len(ctx.captured_queries)
    assert counts[5] == counts[50], counts
    with django_assert_max_num_queries(8):
        api.get(f"/api/v1/appointments/{path}/?page_size=50")


def test_admin_list_query_count(as_user, busy_master, make_user, django_assert_max_num_queries):
    api = as_user(make_user(Role.ADMIN))
    for size in (5, 50):
        with django_assert_max_num_queries(8):
            assert len(api.get(f"/api/v1/appointments/my/?page_size={size}").json()["results"]) == size


def test_status_filter_and_pagination(as_user, busy_master):
    api = as_user(busy_master)
    paid = api.get("/api/v1/appointments/my/?status=PAID").json()
    assert paid["count"] == 15
    assert {a["status"] for a in paid["results"]} == {"PAID"}
    several = api.get("/api/v1/appointments/my/?status=PAID,COMPLETED&page_size=10").json()
    assert several["count"] == 30 and len(several["results"]) == 10 and several["next"]
    active = api.get("/api/v1/appointments/active/").json()
    assert active["count"] == 45
    bad = api.get("/api/v1/appointments/my/?status=BOGUS")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid"


def test_new_queue_is_oldest_first(as_user, busy_master):
    results = as_user(busy_master).get("/api/v1/appointments/new/?page_size=100").json()["results"]
    created = [r["created_at"] for r in results]
    assert created == sorted(created)


def test_payment_instructions_come_from_master_else_site(as_user, make_appointment, make_user):
    from apps.accounts.models import SiteSettings

    site = SiteSettings.load()
    site.payment_instructions = "Pay to the salon's account 4081..."
    site.save()
    master = make_user(Role.MASTER)
    master.master_profile.payment_method = "SBP"
    master.master_profile.payment_account = "+7 900 000-00-00"
    master.master_profile.save()
    with_settings = make_appointment(S.AWAITING_PAYMENT, master=master)
    without = make_appointment(S.AWAITING_PAYMENT)
    own = as_user(with_settings.client).get(f"/api/v1/appointments/{with_settings.id}/").json()
    assert own["payment"]["instructions"]["source"] == "master"
    assert own["payment"]["instructions"]["account"] == "+7 900 000-00-00"
    fallback = as_user(without.client).get(f"/api/v1/appointments/{without.id}/").json()
    assert fallback["payment"]["instructions"]["source"] == "site"
    assert fallback["payment"]["instructions"]["instructions"].startswith("Pay to the salon")
    done = make_appointment(S.PAID)
    assert as_user(done.client).get(f"/api/v1/appointments/{done.id}/").json()["payment"]["instructions"] is None


def test_dashboards(as_user, make_appointment, make_user):
    master = make_user(Role.MASTER)
    client = make_user(Role.CLIENT)
    make_appointment(S.AWAITING_PAYMENT, client=client, master=master)
    make_appointment(S.PAYMENT_PROOF_UPLOADED, client=client, master=master)
    make_appointment(S.COMPLETED, client=client, master=master, price="1000.00")
    make_appointment(S.NEW)
    c = as_user(client).get("/api/v1/dashboard/").json()
    assert c["payments_to_make"] == 1
    assert c["appointments_by_status"]["COMPLETED"] == 1
    m = as_user(master).get("/api/v1/dashboard/").json()
    assert m["new_queue"] == 1
    assert m["payments_to_confirm"] == 1
    assert m["completed_this_month"] == 1
    assert m["earnings_this_month"] == "1000.00"
    a = as_user(make_user(Role.ADMIN)).get("/api/v1/dashboard/").json()
    assert a["payments_awaiting_confirmation"] == 1
    assert a["new_today"] == 4
    assert sum(a["appointments_by_status"].values()) == 4


def test_admin_set_status_service(make_appointment, make_user):
    admin = make_user(Role.ADMIN)
    appointment = make_appointment(S.IN_REVIEW)
    with pytest.raises(Exception) as no_reason:
        appointment_set_status(appointment_id=appointment.id, actor=admin, status="PAID", reason="")
    assert getattr(no_reason.value, "code", "") == "invalid"
    with pytest.raises(Exception) as no_price:
        appointment_set_status(appointment_id=appointment.id, actor=admin, status="PAID", reason="manual")
    assert no_price.value.code == "price_required"
    back = appointment_set_status(appointment_id=appointment.id, actor=admin, status="NEW", reason="re-queue")
    assert back.status == S.NEW and back.master is None
    event = back.events.last()
    assert (event.type, event.from_status, event.to_status) == ("status_set", "IN_REVIEW", "NEW")
    assert event.data == {"reason": "re-queue", "released_master_id": appointment.master_id}
    support = make_user(Role.ADMIN, admin_role="analyst")
    with pytest.raises(Exception) as forbidden:
        appointment_set_status(appointment_id=appointment.id, actor=support, status="CANCELLED", reason="x")
    assert forbidden.value.http_status == 403
