"""Every admin endpoint against every kind of caller, under both prefixes: each endpoint declares
one capability, so the sub-roles that may call it are exactly those the capability table gives it.
Allowed -> 2xx; any other admin, client or master -> 403 with nothing written; anonymous -> 401."""

import pytest
from rest_framework.test import APIClient

from apps.accounts.models import MasterProfile
from apps.appointments.models import AppointmentStatus
from apps.common.capabilities import Role
from apps.platform.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
S = AppointmentStatus

SUPER, SUPPORT, FINANCE, MODERATOR, ANALYST = "super_admin", "support", "finance", "moderator", "analyst"
ADMIN_ROLES = [SUPER, SUPPORT, FINANCE, MODERATOR, ANALYST]
CALLERS = ["admin_default", *ADMIN_ROLES, "client", "master", "anonymous"]


def _appointment(status):
    return lambda ctx: ctx["make_appointment"](status).id


def _user(role, **fields):
    return lambda ctx: ctx["make_user"](role, **fields).id


# name: (method, path template ({id} = the target), target factory, body, admin roles allowed)
ENDPOINTS = {
    "appointments": ("get", "appointments/", None, None, {SUPER, SUPPORT, FINANCE, ANALYST}),
    "confirm_payment": ("post", "appointments/{id}/confirm-payment/", _appointment(S.PAYMENT_PROOF_UPLOADED), {},
                        {SUPER, FINANCE}),
    "reject_payment": ("post", "appointments/{id}/reject-payment/", _appointment(S.PAYMENT_PROOF_UPLOADED),
                       {"reason": "The transfer has not arrived"}, {SUPER, FINANCE}),
    "set_status": ("post", "appointments/{id}/set-status/", _appointment(S.IN_REVIEW),
                   {"status": "CANCELLED", "reason": "Duplicate request"}, {SUPER, SUPPORT}),
    "users": ("get", "users/", None, None, {SUPER, SUPPORT, MODERATOR}),
    "users_all": ("get", "users/all/", None, None, {SUPER, SUPPORT, MODERATOR}),
    "ban": ("post", "users/{id}/ban/", _user(Role.CLIENT), {"reason": "spam"}, {SUPER, MODERATOR}),
    "unban": ("post", "users/{id}/unban/", _user(Role.CLIENT, is_banned=True), {}, {SUPER, MODERATOR}),
    "role": ("post", "users/{id}/role/", _user(Role.CLIENT), {"role": "master"}, {SUPER}),
    "masters": ("get", "masters/", None, None, {SUPER, SUPPORT, MODERATOR}),
    "activate": ("post", "masters/{id}/activate/", _user(Role.MASTER, master_status=MasterProfile.Status.PENDING),
                 {}, {SUPER, MODERATOR}),
    "suspend": ("post", "masters/{id}/suspend/", _user(Role.MASTER), {"reason": "complaints"}, {SUPER, MODERATOR}),
    "system_status": ("get", "system/status/", None, None, {SUPER}),
    "settings_get": ("get", "system/settings/", None, None, {SUPER}),
    "settings_put": ("put", "system/settings/", None, {"site_name": "Мастера рядом", "max_upload_mb": 12}, {SUPER}),
    "settings_patch": ("patch", "system/settings/", None, {"registration_open": False}, {SUPER}),
    "actions": ("get", "system/run-action/", None, None, {SUPER}),
    "run_action": ("post", "system/run-action/", None, {"action": "clear_cache"}, {SUPER}),
}


def _allowed(caller: str, roles: set[str]) -> bool:
    return (SUPER if caller == "admin_default" else caller) in roles


CASES = [(endpoint, caller) for endpoint in ENDPOINTS for caller in CALLERS]


@pytest.mark.parametrize(("endpoint", "caller"), CASES, ids=[f"{e}-{c}" for e, c in CASES])
@pytest.mark.parametrize("prefix", ["/api/v1/admin", "/api/admin"])
def test_capability_matrix(make_user, make_appointment, as_user, endpoint, caller, prefix):
    method, template, target, body, roles = ENDPOINTS[endpoint]
    ctx = {"make_user": make_user, "make_appointment": make_appointment}
    path = f"{prefix}/{template.format(id=target(ctx) if target else '')}"
    if caller == "anonymous":
        api = APIClient()
    elif caller in ADMIN_ROLES or caller == "admin_default":
        api = as_user(make_user(Role.ADMIN, admin_role="" if caller == "admin_default" else caller))
    else:
        api = as_user(make_user(caller))
    audited = AuditEntry.objects.count()

    response = getattr(api, method)(path, body, format="json") if body is not None else getattr(api, method)(path)

    if caller == "anonymous":
        assert response.status_code == 401, response.content
    elif _allowed(caller, roles):
        assert 200 <= response.status_code < 300, (response.status_code, response.content[:300])
    else:
        assert response.status_code == 403, (response.status_code, response.content[:300])
        assert response.json()["code"] == "permission_denied"
        assert AuditEntry.objects.count() == audited  # nothing was done
