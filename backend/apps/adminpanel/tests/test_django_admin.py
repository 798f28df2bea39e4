"""/django-admin/ stays usable for every model: each registered model's list (with its filters and
search), add and change pages answer; the logs are read-only; changes that matter (ban, master
status, settings) made there go through the same services as the API."""

from io import StringIO

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from apps.accounts.models import MasterProfile, SiteSettings, User
from apps.common.capabilities import Role
from apps.platform.audit.models import AuditEntry
from apps.platform.flags.models import FeatureFlag
from apps.platform.jobs import run_job
from conftest import PASSWORD

pytestmark = pytest.mark.django_db

MODELS = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


@pytest.fixture
def superuser(make_user):
    return make_user(Role.ADMIN, username="root", is_superuser=True)


@pytest.fixture
def browser(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def everything(superuser, as_user, make_user):
    """A row of every model: the demo marketplace plus the logs an admin's day leaves behind."""
    call_command("seed_demo", "--scale", "1", stdout=StringIO())
    victim = User.objects.filter(role=Role.CLIENT).first()
    as_user(superuser).post(f"/api/v1/admin/users/{victim.id}/ban/", {"reason": "spam"})
    FeatureFlag.objects.get_or_create(key="new-dashboard", defaults={"description": "Try the new dashboard"})
    run_job("auth.flush_expired_tokens")
    SiteSettings.load()


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize(("model", "model_admin"), MODELS, ids=[m._meta.label for m, _ in MODELS])
def test_every_model_lists_searches_filters_and_opens(browser, everything, model, model_admin):
    changelist = browser.get(_url(model, "changelist"))
    assert changelist.status_code == 200, model._meta.label
    if model_admin.search_fields:
        for term in ("a", "42", "Иван"):
            assert browser.get(_url(model, "changelist"), {"q": term}).status_code == 200, (model, term)
    # every filter's choices, as the sidebar links them
    for spec in changelist.context["cl"].filter_specs:
        for choice in spec.choices(changelist.context["cl"]):
            assert browser.get(_url(model, "changelist") + choice["query_string"]).status_code == 200, choice
    add = browser.get(_url(model, "add"))
    assert add.status_code == (200 if model_admin.has_add_permission(add.wsgi_request) else 403)
    row = model._default_manager.order_by("pk").first()
    if row is not None:
        assert browser.get(_url(model, "change", row.pk)).status_code == 200, model._meta.label


def test_audit_rows_are_read_only(browser, everything):
    entry = AuditEntry.objects.first()
    assert browser.get(_url(AuditEntry, "add")).status_code == 403
    page = browser.get(_url(AuditEntry, "change", entry.pk))
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert browser.post(_url(AuditEntry, "change", entry.pk), {"action": "forged"}).status_code == 403
    assert browser.post(_url(AuditEntry, "delete", entry.pk), {"post": "yes"}).status_code == 403
    bulk = browser.post(_url(AuditEntry, "changelist"), {"action": "delete_selected", "_selected_action": [entry.pk],
                                                         "post": "yes"})
    assert bulk.status_code in (200, 302)
    entry.refresh_from_db()
    assert entry.action != "forged" and AuditEntry.objects.filter(pk=entry.pk).exists()


def _user_form(user, **changes) -> dict:
    data = {"username": user.username, "display_name": user.display_name, "email": user.email,
            "role": user.role, "admin_role": user.admin_role, "language": user.language,
            "date_joined_0": user.date_joined.strftime("%Y-%m-%d"), "date_joined_1": "00:00:00",
            "is_active": "on", "ban_reason": user.ban_reason,
            "master_profile-TOTAL_FORMS": "0", "master_profile-INITIAL_FORMS": "0"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not False}


def test_a_ban_ticked_in_django_admin_revokes_tokens_and_is_audited(browser, make_user):
    user = make_user(Role.CLIENT)
    APIClient().post("/api/v1/auth/login/", {"username": user.username, "password": PASSWORD})
    response = browser.post(_url(User, "change", user.pk), _user_form(user, is_banned="on", ban_reason="fraud"))
    assert response.status_code == 302, response.content[:2000]
    user.refresh_from_db()
    assert user.is_banned and user.ban_reason == "fraud" and user.banned_by.username == "root"
    assert not OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True).exists()
    assert AuditEntry.objects.filter(action="user.banned", target_id=str(user.pk)).count() == 1
    browser.post(_url(User, "change", user.pk), _user_form(user))
    user.refresh_from_db()
    assert not user.is_banned
    assert AuditEntry.objects.filter(action="user.unbanned", target_id=str(user.pk)).count() == 1


def test_master_actions_in_django_admin_go_through_the_service(browser, make_user):
    master = make_user(Role.MASTER, master_status=MasterProfile.Status.PENDING)
    response = browser.post(_url(MasterProfile, "changelist"), {"action": "activate",
                                                                "_selected_action": [master.master_profile.pk]})
    assert response.status_code == 302
    master.master_profile.refresh_from_db()
    assert master.master_profile.status == MasterProfile.Status.ACTIVE
    assert AuditEntry.objects.filter(action="master.activated", target_id=str(master.pk)).count() == 1


def test_site_settings_saved_in_django_admin_are_audited(browser):
    row = SiteSettings.load()
    response = browser.post(_url(SiteSettings, "change", row.pk), {
        "site_name": "Мастера", "support_contact": "", "payment_instructions": "", "registration_open": "on",
        "max_upload_mb": "15", "telegram_bot_username": ""})
    assert response.status_code == 302, response.content[:2000]
    assert SiteSettings.load().max_upload_mb == 15
    audit = AuditEntry.objects.get(action="settings.changed")
    assert audit.changes == {"site_name": ["Marketplace", "Мастера"], "max_upload_mb": [10, 15]}
    invalid = browser.post(_url(SiteSettings, "change", row.pk), {"site_name": "x", "max_upload_mb": "-5"})
    assert invalid.status_code == 200 and SiteSettings.load().max_upload_mb == 15


def test_an_appointment_with_a_private_proof_opens_without_a_public_url(browser, make_appointment):
    from apps.appointments.models import Appointment, AppointmentStatus

    appointment = make_appointment(AppointmentStatus.PAYMENT_PROOF_UPLOADED)
    Appointment.objects.filter(pk=appointment.pk).update(payment_proof="proofs/2026/proof-abc.png")
    page = browser.get(_url(Appointment, "change", appointment.pk))
    assert page.status_code == 200
    assert b"proofs/2026/proof-abc.png" in page.content and b'href="/media/' not in page.content
