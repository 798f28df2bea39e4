"""Every admin endpoint against every kind of caller, under both prefixes: each endpoint declares
one capability, so the sub-roles that may call it are exactly those the capability table gives it.
Allowed -> 2xx; any other admin, client or master -> 403 with nothing written; anonymous -> 401."""

import pytest
from rest_framework.test import APIClient

from apps.accounts.models import MasterProfile
from apps.appointments.models import AppointmentStatus
from apps.common.capabilities import Role
from apps.platform.audit.models import AuditEntry
from apps.platform.flags.models import FeatureFlag
from apps.reviews.models import Review
from apps.reviews.types import ReviewDirection

pytestmark = pytest.mark.django_db
S = AppointmentStatus

SUPER, SUPPORT, FINANCE, MODERATOR, ANALYST = "super_admin", "support", "finance", "moderator", "analyst"
ADMIN_ROLES = [SUPER, SUPPORT, FINANCE, MODERATOR, ANALYST]
CALLERS = ["admin_default", *ADMIN_ROLES, "client", "master", "anonymous"]


def _appointment(status):
    return lambda ctx: ctx["make_appointment"](status).id


def _user(role, **fields):
    return lambda ctx: ctx["make_user"](role, **fields).id


def _review(**fields):
    def make(ctx):
        done = ctx["make_appointment"](S.COMPLETED)
        return Review.objects.create(appointment=done, direction=ReviewDirection.CLIENT_TO_MASTER, author=done.client,
                                     subject=done.master, rating=2, comment="Грубо", **fields).id

    return make


def _overridden_client(ctx):
    from apps.scoring.models import UserScore
    from apps.scoring.services import recompute

    client = ctx["make_user"](Role.CLIENT)
    recompute([client.pk])
    UserScore.objects.filter(user=client).update(override_level="high", override_reason="chargeback")
    return client.id


def _flag(ctx):
    return FeatureFlag.objects.create(key="new-checkout", enabled=False).key


def _rule(ctx):
    from apps.platform.rules.models import Rule

    return Rule.objects.create(name="big", trigger={"type": "event", "event": "appointment.priced"},
                               trigger_event="appointment.priced", conditions={"all": []},
                               actions=[{"type": "tag", "params": {"tag": "big"}}]).id


RULE_BODY = {"name": "big", "trigger": {"type": "event", "event": "appointment.priced"},
             "conditions": {"all": [{"field": "appointment.price", "op": "gte", "value": 10000}]}}


def _dry_run_body(rule=None):
    """A body built per case (an appointment to dry-run on)."""
    def make(ctx):
        body = {"appointment_id": ctx["make_appointment"](S.IN_REVIEW).id}
        return {**body, "rule": rule} if rule else body
    return make


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
    # the domains' own admin screens, mounted with the others
    "sla_policy": ("get", "sla/policy/", None, None, {SUPER}),
    "sla_policy_put": ("put", "sla/policy/", None, {
        "targets": {"take": {"minutes": 45, "warn_before_minutes": 5, "business_hours": False}},
        "calendar": {"weekly": [], "holidays": []}, "auto_cancel_unpaid_hours": None}, {SUPER}),
    "sla_breaches": ("get", "sla/breaches/", None, None, {SUPER, SUPPORT, FINANCE, ANALYST}),
    "sla_report": ("get", "sla/report/", None, None, {SUPER, SUPPORT, FINANCE, ANALYST}),
    "reviews": ("get", "reviews/", None, None, {SUPER, MODERATOR}),
    "review_hide": ("post", "reviews/{id}/hide/", _review(), {"reason": "rude"}, {SUPER, MODERATOR}),
    "review_unhide": ("post", "reviews/{id}/unhide/", _review(is_hidden=True), {"reason": "fine"},
                      {SUPER, MODERATOR}),
    "risk": ("get", "users/{id}/risk/", _user(Role.CLIENT), None, {SUPER, SUPPORT, MODERATOR}),
    "risk_history": ("get", "users/{id}/risk/history/", _user(Role.CLIENT), None, {SUPER, SUPPORT, MODERATOR}),
    "risk_override": ("post", "users/{id}/risk/override/", _user(Role.CLIENT), {"level": "high", "reason": "fraud"},
                      {SUPER, MODERATOR}),
    "risk_override_delete": ("delete", "users/{id}/risk/override/", _overridden_client, {"reason": "ok"},
                             {SUPER, MODERATOR}),
    "performance": ("get", "masters/{id}/performance/", _user(Role.MASTER), None, {SUPER, SUPPORT, MODERATOR}),
    "performance_history": ("get", "masters/{id}/performance/history/", _user(Role.MASTER), None,
                            {SUPER, SUPPORT, MODERATOR}),
    "events": ("get", "events/", None, None, {SUPER, ANALYST}),
    "audit": ("get", "audit/", None, None, {SUPER}),
    "flags": ("get", "flags/", None, None, {SUPER}),
    "flag_create": ("post", "flags/", None, {"key": "dark-mode"}, {SUPER}),
    "flag": ("get", "flags/{id}/", _flag, None, {SUPER}),
    "flag_patch": ("patch", "flags/{id}/", _flag, {"enabled": True}, {SUPER}),
    "flag_delete": ("delete", "flags/{id}/", _flag, {}, {SUPER}),
    "rules": ("get", "rules/", None, None, {SUPER}),
    "rule_create": ("post", "rules/", None, RULE_BODY, {SUPER}),
    "rules_catalog": ("get", "rules/catalog/", None, None, {SUPER}),
    "rules_validate": ("post", "rules/validate/", None, RULE_BODY, {SUPER}),
    "rule": ("get", "rules/{id}/", _rule, None, {SUPER}),
    "rule_patch": ("patch", "rules/{id}/", _rule, {"enabled": False}, {SUPER}),
    "rule_delete": ("delete", "rules/{id}/", _rule, {}, {SUPER}),
    "rule_runs": ("get", "rules/{id}/runs/", _rule, None, {SUPER}),
    "rule_runs_all": ("get", "rule-runs/", None, None, {SUPER}),
    "rule_dry_run": ("post", "rules/{id}/dry-run/", _rule, _dry_run_body(), {SUPER}),
    "rules_dry_run": ("post", "rules/dry-run/", None, _dry_run_body(RULE_BODY), {SUPER}),
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
    body = body(ctx) if callable(body) else body
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


def test_the_matrix_covers_every_admin_endpoint():
    import re

    from apps.adminpanel.api import urls as admin_urls

    served = set()
    for pattern in admin_urls.urlpatterns:
        view = pattern.callback.view_class
        template = re.sub(r"<\w+:\w+>", "{id}", str(pattern.pattern))
        served |= {(m, template) for m in ("get", "post", "put", "patch", "delete") if hasattr(view, m)}
    assert {(method, path) for method, path, *_rest in ENDPOINTS.values()} == served
