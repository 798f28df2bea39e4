"""Admins hear about what waits on them, each thing once, and only those whose sub-role holds the
capability the problem needs: a master waiting for approval (`masters.manage`), a payment proof
waiting over an hour (`payments.confirm`) (a request nobody takes in time: test_sla_sweep.py),
a delivery that failed for good (`system.status`)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.accounts.models import MasterProfile
from apps.accounts.types import AccountNotification
from apps.appointments.models import Appointment, AppointmentStatus
from apps.appointments.notifications import AppointmentNotification
from apps.common.capabilities import AdminRole, Role
from apps.common.testing import run_at_once
from apps.platform.jobs import run_job
from apps.platform.notifications.models import AlertClaim, Notification, NotificationDelivery
from apps.platform.notifications.services import notify
from apps.platform.notifications.types import DeliveryStatus, PlatformNotification

S = AppointmentStatus


@pytest.fixture
def admins(make_user):
    """One admin of each sub-role (plus a super admin without one), all reading Russian."""
    team = {role: make_user(Role.ADMIN, admin_role=role.value, language="ru")
            for role in AdminRole if role != AdminRole.SUPER_ADMIN}
    team[AdminRole.SUPER_ADMIN] = make_user(Role.ADMIN, language="ru")  # no sub-role: a super admin
    return team


def _told(kind: str) -> dict[int, Notification]:
    return {n.user_id: n for n in Notification.objects.filter(type=kind)}


def _run_twice_at_once(job: str) -> None:
    results = run_at_once(2, lambda i: run_job(job))
    assert all(r["ok"] for r in results), results


def _ids(admins, *roles) -> set[int]:
    return {admins[r].pk for r in roles}


@pytest.mark.django_db(transaction=True)
def test_a_pending_master_is_announced_once_to_master_managers(admins, make_user):
    master = make_user(Role.MASTER, master_status=MasterProfile.Status.PENDING, display_name="Ольга Л.")
    make_user(Role.MASTER)  # active: nothing to approve

    _run_twice_at_once("alerts.masters_pending")
    run_job("alerts.masters_pending")

    told = _told(AccountNotification.MASTER_PENDING)
    assert set(told) == _ids(admins, AdminRole.MODERATOR, AdminRole.SUPER_ADMIN)
    note = told[admins[AdminRole.MODERATOR].pk]
    assert note.data["count"] == 1  # notified once, not merged twice
    assert note.title == "Мастер ждёт активации: Ольга Л."
    assert "Всего ждут активации: 1 мастер." in note.body
    assert note.subject_type == "accounts.user" and note.subject_id == str(master.pk)
    assert AlertClaim.objects.filter(kind="master_pending").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_payment_waiting_over_an_hour_is_announced_once_per_proof(admins, make_appointment):
    waiting = make_appointment(S.PAYMENT_PROOF_UPLOADED, price="2500", title="Стрижка")
    Appointment.objects.filter(pk=waiting.pk).update(marked_paid_at=timezone.now() - timedelta(minutes=61))
    make_appointment(S.PAYMENT_PROOF_UPLOADED)  # sent just now: not yet

    _run_twice_at_once("alerts.payments_waiting")
    run_job("alerts.payments_waiting")

    told = _told(AppointmentNotification.PAYMENT_WAITING)
    assert set(told) == _ids(admins, AdminRole.FINANCE, AdminRole.SUPER_ADMIN)
    note = told[admins[AdminRole.FINANCE].pk]
    assert note.data["count"] == 1 and note.data["appointment_id"] == waiting.pk
    assert note.title == "Оплата ждёт подтверждения больше часа"
    assert f"Заявка #{waiting.pk} «Стрижка»: 2\xa0500,00\xa0₽" in note.body
    assert "PAYMENT_PROOF_UPLOADED" not in note.body

    # that was two hours ago; the proof was rejected and sent again 70 minutes ago: a new alert
    Notification.objects.update(read_at=timezone.now())
    AlertClaim.objects.update(created_at=timezone.now() - timedelta(hours=2))
    Appointment.objects.filter(pk=waiting.pk).update(marked_paid_at=timezone.now() - timedelta(minutes=70))
    assert run_job("alerts.payments_waiting")["result"] == {"raised": 1}
    assert run_job("alerts.payments_waiting")["result"] == {"raised": 0}
    assert Notification.objects.filter(type=AppointmentNotification.PAYMENT_WAITING,
                                       user=admins[AdminRole.FINANCE]).count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_failed_delivery_is_announced_once_to_system_admins(admins, make_user, settings):
    settings.EMAIL_ENABLED = True
    user = make_user(email="vera@example.com", display_name="Вера К.")
    note = notify(user=user, type=AppointmentNotification.PAYMENT_CONFIRMED, title="Оплата подтверждена")
    delivery = note.deliveries.get(channel="email")
    NotificationDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.FAILED, attempts=5, last_error="SMTPRecipientsRefused: mailbox unavailable")

    _run_twice_at_once("alerts.failed_deliveries")
    run_job("alerts.failed_deliveries")

    told = _told(PlatformNotification.DELIVERY_FAILED)
    assert set(told) == _ids(admins, AdminRole.SUPER_ADMIN)
    alert = told[admins[AdminRole.SUPER_ADMIN].pk]
    assert alert.data["count"] == 1 and alert.data["delivery_id"] == delivery.pk
    assert alert.title == "Уведомление не доставлено"
    assert "эл. почта, получатель Вера К." in alert.body and "mailbox unavailable" in alert.body

    # an alert about a failed alert is never raised (no loop when the admins' own mail is down)
    for admin_delivery in NotificationDelivery.objects.filter(notification__type=PlatformNotification.DELIVERY_FAILED):
        NotificationDelivery.objects.filter(pk=admin_delivery.pk).update(status=DeliveryStatus.FAILED)
    assert run_job("alerts.failed_deliveries")["result"] == {"raised": 0}


@pytest.mark.django_db
def test_alerts_leave_out_banned_and_inactive_admins(make_user):
    make_user(Role.MASTER, master_status=MasterProfile.Status.PENDING)
    banned = make_user(Role.ADMIN, is_banned=True)
    inactive = make_user(Role.ADMIN, is_active=False)
    active = make_user(Role.ADMIN)
    run_job("alerts.masters_pending")
    assert set(_told(AccountNotification.MASTER_PENDING)) == {active.pk}
    assert banned.pk and inactive.pk


@pytest.mark.django_db
def test_admins_can_mute_an_alert_type(make_user, as_user):
    admin = make_user(Role.ADMIN)
    prefs = as_user(admin).get("/api/v1/notifications/preferences/").json()["preferences"]
    assert {"master_pending", "payment_waiting", "sla_breach", "delivery_failed"} <= set(prefs)
    as_user(admin).put("/api/v1/notifications/preferences/",
                       {"preferences": {"master_pending": {"in_app": False, "telegram": False, "email": False}}})
    make_user(Role.MASTER, master_status=MasterProfile.Status.PENDING)
    assert run_job("alerts.masters_pending")["result"] == {"raised": 1}
    assert not Notification.objects.filter(user=admin).exists()
    # an analyst (no masters.manage) is not offered the switch
    analyst = make_user(Role.ADMIN, admin_role=AdminRole.ANALYST)
    assert "master_pending" not in as_user(analyst).get("/api/v1/notifications/preferences/").json()["preferences"]
