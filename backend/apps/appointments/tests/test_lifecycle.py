"""Every transition's happy path through the API, and every wrong-status call (409)."""

import pytest

from apps.appointments.models import Appointment, AppointmentEvent, AppointmentStatus
from apps.appointments.state import TRANSITIONS, Action

from .helpers import image_bytes, upload

pytestmark = pytest.mark.django_db
S = AppointmentStatus


def test_full_journey(as_user, client_user, master_user):
    client, master = as_user(client_user), as_user(master_user)

    created = client.post("/api/v1/appointments/", {"title": "Manicure", "description": "Gel, short nails"})
    assert created.status_code == 201, created.content
    body = created.json()
    appointment_id = body["id"]
    assert body["status"] == "NEW"
    assert body["client"]["id"] == client_user.id and body["master"] is None
    assert body["allowed_actions"] == ["cancel"]
    assert body["unread_count"] == 0

    queue = master.get("/api/v1/appointments/new/").json()
    assert [a["id"] for a in queue["results"]] == [appointment_id]
    assert queue["results"][0]["allowed_actions"] == ["take"]

    taken = master.post(f"/api/v1/appointments/{appointment_id}/take/")
    assert taken.status_code == 200
    assert taken.json()["status"] == "IN_REVIEW"
    assert taken.json()["master"]["id"] == master_user.id
    assert taken.json()["taken_at"]
    assert sorted(taken.json()["allowed_actions"]) == ["decline", "set_price"]

    priced = master.post(f"/api/v1/appointments/{appointment_id}/set-price/", {"price": "2500.50"})
    assert priced.status_code == 200
    assert priced.json()["status"] == "AWAITING_PAYMENT"
    assert priced.json()["price"] == "2500.50"

    detail = client.get(f"/api/v1/appointments/{appointment_id}/").json()
    assert detail["payment"]["instructions"]["amount"] == "2500.50"
    assert sorted(detail["allowed_actions"]) == ["cancel", "mark_paid", "upload_payment_proof"]

    uploaded = client.post(f"/api/v1/appointments/{appointment_id}/upload-payment-proof/",
                           {"file": upload(image_bytes())}, format="multipart")
    assert uploaded.status_code == 200, uploaded.content
    assert uploaded.json()["status"] == "AWAITING_PAYMENT"
    assert uploaded.json()["payment"]["proof"]["content_type"] == "image/png"

    paid = client.post(f"/api/v1/appointments/{appointment_id}/mark-paid/")
    assert paid.status_code == 200
    assert paid.json()["status"] == "PAYMENT_PROOF_UPLOADED"

    confirmed = master.post(f"/api/v1/appointments/{appointment_id}/confirm-payment/")
    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == "PAID"
    assert confirmed.json()["payment"]["confirmed_at"]

    assert master.post(f"/api/v1/appointments/{appointment_id}/start/").json()["status"] == "IN_PROGRESS"
    done = master.post(f"/api/v1/appointments/{appointment_id}/complete/")
    assert done.json()["status"] == "COMPLETED"
    assert done.json()["completed_at"]

    timeline = client.get(f"/api/v1/appointments/{appointment_id}/events/").json()
    assert [e["type"] for e in timeline] == [
        "created", "taken", "priced", "payment_proof_uploaded", "marked_paid", "payment_confirmed", "started",
        "completed",
    ]
    assert timeline[1]["from_status"] == "NEW" and timeline[1]["to_status"] == "IN_REVIEW"
    assert timeline[1]["actor"]["id"] == master_user.id
    assert timeline[2]["data"] == {"price": "2500.50", "currency": "RUB"}


def test_mark_paid_with_file_in_the_same_request(as_user, make_appointment):
    appointment = make_appointment(S.AWAITING_PAYMENT)
    response = as_user(appointment.client).post(f"/api/v1/appointments/{appointment.id}/mark-paid/",
                                                {"file": upload(image_bytes("JPEG"), "p.jpg")}, format="multipart")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "PAYMENT_PROOF_UPLOADED"
    assert response.json()["payment"]["proof"]["content_type"] == "image/jpeg"


def test_mark_paid_without_proof_is_refused(as_user, make_appointment):
    appointment = make_appointment(S.AWAITING_PAYMENT)
    response = as_user(appointment.client).post(f"/api/v1/appointments/{appointment.id}/mark-paid/")
    assert response.status_code == 400
    assert response.json()["code"] == "proof_required"
    appointment.refresh_from_db()
    assert appointment.status == S.AWAITING_PAYMENT
    assert not AppointmentEvent.objects.filter(appointment=appointment).exists()


def test_reject_payment_sends_it_back_with_the_reason(as_user, make_appointment):
    appointment = make_appointment(S.AWAITING_PAYMENT)
    client = as_user(appointment.client)
    client.post(f"/api/v1/appointments/{appointment.id}/mark-paid/", {"file": upload(image_bytes())},
                format="multipart")
    rejected = as_user(appointment.master).post(f"/api/v1/appointments/{appointment.id}/reject-payment/",
                                                {"reason": "Amount does not match"})
    assert rejected.status_code == 200
    assert rejected.json()["status"] == "AWAITING_PAYMENT"
    assert rejected.json()["payment"]["rejection_reason"] == "Amount does not match"
    # the client can mark paid again with a new proof, which clears the rejection
    again = client.post(f"/api/v1/appointments/{appointment.id}/mark-paid/", {"file": upload(image_bytes())},
                        format="multipart")
    assert again.json()["status"] == "PAYMENT_PROOF_UPLOADED"
    assert again.json()["payment"]["rejection_reason"] == ""


@pytest.mark.parametrize("status", [S.IN_REVIEW, S.AWAITING_PAYMENT])
def test_master_declines_with_reason(as_user, make_appointment, status):
    appointment = make_appointment(status)
    master = as_user(appointment.master)
    assert master.post(f"/api/v1/appointments/{appointment.id}/decline/", {}).status_code == 400
    response = master.post(f"/api/v1/appointments/{appointment.id}/decline/", {"reason": "Fully booked"})
    assert response.status_code == 200
    assert response.json()["status"] == "DECLINED_BY_MASTER"
    assert response.json()["decline_reason"] == "Fully booked"
    assert response.json()["allowed_actions"] == []


@pytest.mark.parametrize("status", [S.NEW, S.IN_REVIEW, S.AWAITING_PAYMENT])
def test_client_cancels(as_user, make_appointment, status):
    appointment = make_appointment(status)
    response = as_user(appointment.client).post(f"/api/v1/appointments/{appointment.id}/cancel/",
                                                {"reason": "Changed my mind"})
    assert response.status_code == 200
    assert response.json()["status"] == "CANCELLED"
    assert response.json()["cancelled_at"]


def test_set_price_validation(as_user, make_appointment):
    appointment = make_appointment(S.IN_REVIEW)
    master = as_user(appointment.master)
    for bad in ("0", "-5", "abc", "", "1e400", "12345678901234"):
        response = master.post(f"/api/v1/appointments/{appointment.id}/set-price/", {"price": bad})
        assert response.status_code == 400, bad
    appointment.refresh_from_db()
    assert appointment.status == S.IN_REVIEW and appointment.price is None


def test_create_validation(as_user, client_user, master_user):
    client = as_user(client_user)
    assert client.post("/api/v1/appointments/", {"title": ""}).status_code == 400
    assert client.post("/api/v1/appointments/", {"title": "x" * 201}).status_code == 400
    assert client.post("/api/v1/appointments/", {"title": "ok", "scheduled_for": "tomorrow"}).status_code == 400
    masters_try = as_user(master_user).post("/api/v1/appointments/", {"title": "Masters don't order"})
    assert masters_try.status_code == 403
    assert not Appointment.objects.exists()


# Every user action has its endpoint (set-status is the admin's; auto-cancel is the system's, no endpoint).
ACTION_PATH = {a: a.value.replace("_", "-") for a in Action if a not in (Action.SET_STATUS, Action.AUTO_CANCEL)}
ACTION_BODY = {
    Action.SET_PRICE: {"price": "100"}, Action.DECLINE: {"reason": "r"}, Action.REJECT_PAYMENT: {"reason": "r"},
    Action.CANCEL: {"reason": "r"},
}
WRONG_STATUS_CASES = [
    (action, status) for action, path in ACTION_PATH.items() for status in S
    if status not in TRANSITIONS[action].sources
]


def _caller_for(action: Action, appointment, make_user):
    from apps.common.capabilities import Role

    actors = {k.value for k in TRANSITIONS[action].actors}
    if "client_owner" in actors:
        return appointment.client
    if "assigned_master" in actors and appointment.master_id:
        return appointment.master
    return make_user(Role.MASTER)


@pytest.mark.parametrize(("action", "status"), WRONG_STATUS_CASES,
                         ids=[f"{a.value}-from-{s.value}" for a, s in WRONG_STATUS_CASES])
def test_wrong_status_is_409_with_current_status(as_user, make_appointment, make_user, action, status):
    from apps.common.capabilities import Role

    # a cancelled request may well have had a master already
    master = make_user(Role.MASTER) if status == S.CANCELLED else None
    appointment = make_appointment(status, master=master)
    caller = _caller_for(action, appointment, make_user)
    kwargs = {"format": "multipart", "data": {"file": upload(image_bytes())}} if action in (
        Action.UPLOAD_PAYMENT_PROOF, Action.MARK_PAID) else {"data": ACTION_BODY.get(action, {})}
    response = as_user(caller).post(f"/api/v1/appointments/{appointment.id}/{ACTION_PATH[action]}/", **kwargs)
    if status == S.NEW and "assigned_master" in {k.value for k in TRANSITIONS[action].actors}:
        assert response.status_code == 403  # nobody is assigned yet, so the caller can't be
        return
    if action == Action.TAKE:
        # an active master who can't see the request learns only that it is taken (decision 0004)
        assert response.status_code == 409, response.content
        assert response.json() == {"detail": "This request is no longer available.", "code": "already_taken"}
        appointment.refresh_from_db()
        assert appointment.status == status
        return
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "invalid_transition"
    assert response.json()["status"] == status
    appointment.refresh_from_db()
    assert appointment.status == status


@pytest.mark.parametrize("status", [S.IN_REVIEW, S.PAID, S.COMPLETED])
def test_take_by_the_assigned_master_who_sees_it_is_409_with_the_status(as_user, make_appointment, status):
    appointment = make_appointment(status)
    response = as_user(appointment.master).post(f"/api/v1/appointments/{appointment.id}/take/")
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition" and response.json()["status"] == status


def test_take_by_an_admin_who_sees_everything_is_403_and_by_a_pending_master_404(as_user, make_appointment,
                                                                                make_user):
    from apps.accounts.models import MasterProfile
    from apps.common.capabilities import Role

    taken = make_appointment(S.IN_REVIEW)
    assert as_user(make_user(Role.ADMIN)).post(f"/api/v1/appointments/{taken.id}/take/").status_code == 403
    pending = make_user(Role.MASTER, master_status=MasterProfile.Status.PENDING)
    assert as_user(pending).post(f"/api/v1/appointments/{taken.id}/take/").status_code == 404
