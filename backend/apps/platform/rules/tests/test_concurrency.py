"""Exactly once with real threads and commits: competing workers handling the same event, and
competing sweeps, record one run and act once."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from apps.appointments.models import Appointment, AppointmentEvent, AppointmentStatus
from apps.common.capabilities import Role
from apps.common.testing import run_at_once
from apps.platform.events.models import PlatformEvent
from apps.platform.events.services import run_event_handler
from apps.platform.rules.engine import duration_sweep
from apps.platform.rules.models import RuleRun
from apps.platform.rules.services import rule_create

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and concurrent commits: "
                                 "PostgreSQL (SQLite serialises every writer)")]
ENGINE = "apps.platform.rules.engine.rules_on_event"


def test_competing_workers_run_a_rule_once_per_event(make_user, make_appointment):
    admin = make_user(Role.ADMIN)
    rule = rule_create(actor=admin, data={
        "name": "fired", "trigger": {"type": "event", "event": "appointment.priced"},
        "actions": [{"type": "emit_event", "params": {"name": "once"}}]})
    appointment = make_appointment(AppointmentStatus.AWAITING_PAYMENT)
    event = PlatformEvent.objects.create(type="appointment.priced", subject_type="appointments.appointment",
                                         subject_id=str(appointment.pk), payload={"appointment_id": appointment.pk})
    run_at_once(4, lambda i: run_event_handler(event.pk, ENGINE))
    assert RuleRun.objects.filter(rule=rule).count() == 1
    assert PlatformEvent.objects.filter(type="rule.fired").count() == 1


def test_competing_sweeps_fire_once_per_entry(make_user, make_appointment):
    admin = make_user(Role.ADMIN)
    rule = rule_create(actor=admin, data={
        "name": "waiting", "trigger": {"type": "duration", "status": "NEW", "hours": 1},
        "actions": [{"type": "tag", "params": {"tag": "waiting"}}]})
    appointment = make_appointment(AppointmentStatus.NEW)
    entry = AppointmentEvent.objects.create(appointment=appointment, type="created", to_status="NEW")
    AppointmentEvent.objects.filter(pk=entry.pk).update(created_at=timezone.now() - timedelta(hours=2))
    run_at_once(4, lambda i: duration_sweep())
    assert RuleRun.objects.filter(rule=rule).count() == 1
    assert Appointment.objects.get(pk=appointment.pk).tags == ["waiting"]
