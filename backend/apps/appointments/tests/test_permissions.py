"""Object permissions of every appointment endpoint against every kind of caller.

404: the caller may not see the appointment. 403: sees it but may not act. 401: anonymous."""

import pytest
from django.core.files.base import ContentFile
from rest_framework.test import APIClient

from apps.accounts.models import MasterProfile
from apps.appointments.models import AppointmentStatus
from apps.appointments.storage import private_storage
from apps.common.capabilities import Role

from .helpers import image_bytes, upload

pytestmark = pytest.mark.django_db
S = AppointmentStatus

ACTORS = ["owner", "other_client", "assigned_master", "other_master", "pending_master", "admin", "anonymous"]

# endpoint: (method, path, status the appointment is in, body, {actor: expected status})
# actors not listed get the default for their kind (see _default).
MATRIX = {
    "detail": ("get", "", S.AWAITING_PAYMENT, None, {"owner": 200, "assigned_master": 200, "admin": 200}),
    "detail_new": ("get", "", S.NEW, None, {"owner": 200, "other_master": 200, "admin": 200}),
    "events": ("get", "events/", S.IN_PROGRESS, None, {"owner": 200, "assigned_master": 200, "admin": 200}),
    "payment_proof": ("get", "payment-proof/", S.PAYMENT_PROOF_UPLOADED, None,
                      {"owner": 200, "assigned_master": 200, "admin": 200}),
    "take": ("post", "take/", S.NEW, None, {"owner": 403, "other_master": 200, "admin": 403}),
    "set_price": ("post", "set-price/", S.IN_REVIEW, {"price": "10"},
                  {"owner": 403, "assigned_master": 200, "admin": 403}),
    "upload_payment_proof": ("post", "upload-payment-proof/", S.AWAITING_PAYMENT, "file",
                             {"owner": 200, "assigned_master": 403, "admin": 403}),
    "mark_paid": ("post", "mark-paid/", S.AWAITING_PAYMENT, "file",
                  {"owner": 200, "assigned_master": 403, "admin": 403}),
    "confirm_payment": ("post", "confirm-payment/", S.PAYMENT_PROOF_UPLOADED, None,
                        {"owner": 403, "assigned_master": 200, "admin": 200}),
    "reject_payment": ("post", "reject-payment/", S.PAYMENT_PROOF_UPLOADED, {"reason": "no"},
                       {"owner": 403, "assigned_master": 200, "admin": 200}),
    "start": ("post", "start/", S.PAID, None, {"owner": 403, "assigned_master": 200, "admin": 403}),
    "complete": ("post", "complete/", S.IN_PROGRESS, None, {"owner": 403, "assigned_master": 200, "admin": 403}),
    "decline": ("post", "decline/", S.IN_REVIEW, {"reason": "busy"},
                {"owner": 403, "assigned_master": 200, "admin": 403}),
    "cancel": ("post", "cancel/", S.AWAITING_PAYMENT, {}, {"owner": 200, "assigned_master": 403, "admin": 403}),
}


def _default(actor: str) -> int:
    return 401 if actor == "anonymous" else 404


@pytest.fixture
def cast(make_user):
    def build(appointment):
        return {
            "owner": appointment.client,
            "other_client": make_user(Role.CLIENT),
            "assigned_master": appointment.master,
            "other_master": make_user(Role.MASTER),
            "pending_master": make_user(Role.MASTER, master_status=MasterProfile.Status.PENDING),
            "admin": make_user(Role.ADMIN),
            "anonymous": None,
        }

    return build


# Nobody is assigned to a NEW appointment, so "assigned master" has no meaning there.
CASES = [(endpoint, actor) for endpoint in MATRIX for actor in ACTORS
         if not (MATRIX[endpoint][2] == S.NEW and actor == "assigned_master")]


@pytest.mark.parametrize(("endpoint", "actor"), CASES, ids=[f"{e}-{a}" for e, a in CASES])
@pytest.mark.parametrize("prefix", ["/api/v1", "/api"])
def test_permission_matrix(as_user, make_appointment, cast, endpoint, actor, prefix):
    method, path, status, body, expected = MATRIX[endpoint]
    appointment = make_appointment(status)
    if status == S.PAYMENT_PROOF_UPLOADED:  # as in real life, a proof is attached
        appointment.payment_proof.name = private_storage.save("proofs/test/p.png", ContentFile(image_bytes()))
        appointment.payment_proof_content_type = "image/png"
        appointment.payment_proof_size = 10
        appointment.save()
    people = cast(appointment)
    user = people[actor]
    client = as_user(user) if user is not None else APIClient()
    url = f"{prefix}/appointments/{appointment.id}/{path}"
    if body == "file":
        response = client.post(url, {"file": upload(image_bytes())}, format="multipart")
    elif method == "post":
        response = client.post(url, body or {}, format="json")
    else:
        response = client.get(url)
    want = expected.get(actor, _default(actor))
    assert response.status_code == want, (response.status_code, getattr(response, "content", b"")[:300])
    if want >= 400 and response["Content-Type"].startswith("application/json"):
        assert "code" in response.json()
    appointment.refresh_from_db()
    if want != 200 and method == "post":
        assert appointment.status == status  # nothing changed


def test_lists_only_show_what_the_caller_may_see(as_user, make_appointment, make_user):
    mine = make_appointment(S.NEW)
    others = make_appointment(S.NEW)
    assigned = make_appointment(S.IN_REVIEW)
    client_ids = [a["id"] for a in as_user(mine.client).get("/api/v1/appointments/my/").json()["results"]]
    assert client_ids == [mine.id]
    master_my = [a["id"] for a in as_user(assigned.master).get("/api/v1/appointments/my/").json()["results"]]
    assert master_my == [assigned.id]
    queue = [a["id"] for a in as_user(assigned.master).get("/api/v1/appointments/new/").json()["results"]]
    assert queue == [mine.id, others.id]
    pending = make_user(Role.MASTER, master_status=MasterProfile.Status.PENDING)
    response = as_user(pending).get("/api/v1/appointments/new/")
    assert response.status_code == 403 and response.json()["code"] == "master_not_active"
    assert as_user(mine.client).get("/api/v1/appointments/new/").status_code == 403
    admin_all = as_user(make_user(Role.ADMIN)).get("/api/v1/appointments/my/").json()
    assert admin_all["count"] == 3


def test_suspended_master_keeps_their_work_but_loses_the_queue(as_user, make_appointment):
    work = make_appointment(S.PAID)
    queued = make_appointment(S.NEW)
    work.master.master_profile.status = MasterProfile.Status.SUSPENDED
    work.master.master_profile.save()
    master = as_user(work.master)
    assert master.get(f"/api/v1/appointments/{work.id}/").status_code == 200
    assert master.post(f"/api/v1/appointments/{work.id}/start/").status_code == 200
    assert master.get(f"/api/v1/appointments/{queued.id}/").status_code == 404
    assert master.post(f"/api/v1/appointments/{queued.id}/take/").status_code == 404
    assert master.get("/api/v1/appointments/new/").status_code == 403


def test_non_numeric_id_is_404(as_user, client_user):
    assert as_user(client_user).get("/api/v1/appointments/abc/").status_code == 404
