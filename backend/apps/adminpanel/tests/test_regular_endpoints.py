"""Every admin sub-role against the regular (non-`admin/`) endpoints of appointments, chat and
reviews: what they may do follows their capabilities exactly as docs/admin-roles.md ("Admins on
the regular endpoints") says, and this test reads that table. Allowed -> 2xx; sees it but may not
act -> 403 with nothing changed; may not see it -> 404 (lists leave it out; `new/` is 403)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile

from apps.accounts.models import MasterProfile
from apps.appointments.models import AppointmentStatus
from apps.appointments.storage import private_storage
from apps.appointments.tests.helpers import image_bytes
from apps.chat.models import Message
from apps.common.capabilities import ADMIN_ROLE_CAPABILITIES, AdminRole, Capability, Role

pytestmark = pytest.mark.django_db
S = AppointmentStatus
DOC = Path(settings.REPO_DIR) / "docs" / "admin-roles.md"
LISTS = {"appointments/my/", "appointments/active/"}

# (method, path as documented, status the appointment is in, body, status when not visible)
ENDPOINTS = {
    ("get", "appointments/my/"): (S.PAID, None, None),
    ("get", "appointments/active/"): (S.PAID, None, None),
    ("get", "appointments/new/"): (S.NEW, None, 403),
    ("get", "appointments/{id}/"): (S.PAID, None, 404),
    ("get", "appointments/{id}/events/"): (S.PAID, None, 404),
    ("get", "appointments/{id}/payment-proof/"): (S.PAYMENT_PROOF_UPLOADED, None, 404),
    ("post", "appointments/{id}/take/"): (S.NEW, {}, 404),
    ("post", "appointments/{id}/confirm-payment/"): (S.PAYMENT_PROOF_UPLOADED, {}, 404),
    ("post", "appointments/{id}/reject-payment/"): (S.PAYMENT_PROOF_UPLOADED, {"reason": "No transfer"}, 404),
    ("get", "appointments/{id}/messages/"): (S.IN_PROGRESS, None, 404),
    ("post", "appointments/{id}/messages/"): (S.IN_PROGRESS, {"text": "Здравствуйте, это поддержка"}, 404),
    ("post", "appointments/{id}/read/"): (S.IN_PROGRESS, {}, 404),
    ("get", "messages/{id}/"): (S.IN_PROGRESS, None, 404),
    ("delete", "messages/{id}/"): (S.IN_PROGRESS, {"reason": "spam"}, 404),
    ("get", "appointments/{id}/reviews/"): (S.COMPLETED, None, 404),
    ("get", "masters/{id}/"): (S.NEW, None, 404),
}


def _alternatives(cell: str) -> list[frozenset[Capability]]:
    cell = cell.strip()
    if not cell:
        return []
    return [frozenset(Capability(c.strip().strip("`")) for c in option.split("+"))
            for option in cell.split(" or ")]


def _documented() -> dict[tuple[str, str], tuple[list, list]]:
    lines = DOC.read_text(encoding="utf-8").splitlines()
    start = lines.index("## Admins on the regular endpoints")
    rows = {}
    for line in lines[start:]:
        if line.startswith("## Django admin"):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("| `") else None
        if not cells:
            continue
        method, path = cells[0].strip("`").lower(), re.sub(r"\s*\(.*\)$", "", cells[1]).strip("`")
        rows[(method, path)] = (_alternatives(cells[2]), _alternatives(cells[3]))
    return rows


DOCUMENTED = _documented()


def _holds(role: AdminRole, alternatives: list[frozenset[Capability]]) -> bool:
    return any(option <= ADMIN_ROLE_CAPABILITIES[role] for option in alternatives)


def test_the_document_lists_exactly_the_endpoints_tested_here():
    assert set(DOCUMENTED) == set(ENDPOINTS)


CASES = [(endpoint, role) for endpoint in ENDPOINTS for role in AdminRole]


@pytest.mark.parametrize(("endpoint", "role"), CASES, ids=[f"{m}:{p}-{r.value}" for (m, p), r in CASES])
@pytest.mark.parametrize("prefix", ["/api/v1/", "/api/"])
def test_each_sub_role_on_the_regular_endpoints(make_user, make_appointment, as_user, endpoint, role, prefix):
    method, path = endpoint
    status, body, hidden = ENDPOINTS[endpoint]
    may, sees = DOCUMENTED[endpoint]
    appointment = make_appointment(status)
    if status == S.PAYMENT_PROOF_UPLOADED:
        appointment.payment_proof.name = private_storage.save("proofs/test/p.png", ContentFile(image_bytes()))
        appointment.payment_proof_content_type = "image/png"
        appointment.payment_proof_size = 10
        appointment.save()
    message = Message.objects.create(appointment=appointment, sender=appointment.client, text="Когда начнёте?")
    target = appointment.id
    if path.startswith("messages/"):
        target = message.id
    elif path.startswith("masters/"):
        target = make_user(Role.MASTER, master_status=MasterProfile.Status.PENDING).id
    api = as_user(make_user(Role.ADMIN, admin_role=role.value))
    url = prefix + path.format(id=target)

    response = getattr(api, method)(url, body, format="json") if body is not None else getattr(api, method)(url)

    allowed, seeing = _holds(role, may), _holds(role, sees)
    if path in LISTS:
        assert response.status_code == 200
        listed = [row["id"] for row in response.json()["results"]]
        assert listed == ([appointment.id] if allowed else []), (role, listed)
        return
    if allowed:
        assert 200 <= response.status_code < 300, (role, response.status_code, response.content[:300])
    else:
        assert response.status_code == (403 if seeing else hidden), (role, response.status_code,
                                                                      response.content[:300])
        if response.status_code == 404:
            assert "Когда начнёте?" not in response.content.decode()
    appointment.refresh_from_db()
    message.refresh_from_db()
    if not allowed:  # nothing was done
        assert appointment.status == status
        assert not message.is_deleted
        assert Message.objects.filter(appointment=appointment).count() == 1


def test_the_table_leaves_no_sub_role_out():
    """Every sub-role but the super admin misses something on the regular endpoints, and the
    super admin may everything but take (which is for masters)."""
    for role in AdminRole:
        missing = [e for e, (may, _sees) in DOCUMENTED.items() if may and not _holds(role, may)]
        assert bool(missing) == (role != AdminRole.SUPER_ADMIN), (role, missing)
