"""The `scores` data set writes what the app would, and the row's two sides read the same people."""

import pytest

from apps.appointments.models import Appointment, AppointmentEvent, SlaClock
from apps.scoring.models import UserScore

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_scores_data_set_is_consistent_and_both_sides_run():
    from bench.rows.scores import _recompute, _sql, scores_dataset

    facts = scores_dataset({"appointments": 600, "clients": 60, "masters": 8})
    assert facts.appointments == Appointment.objects.count() == 600
    clocks = list(SlaClock.objects.select_related("appointment"))
    assert clocks and all(c.master_id == c.appointment.master_id and c.breached_at for c in clocks)
    rejected = AppointmentEvent.objects.filter(type="payment_rejected").select_related("appointment")
    assert rejected and all(e.appointment.marked_paid_at < e.created_at for e in rejected)
    assert _sql(None)() > 0
    scored = _recompute(None)()
    assert scored == UserScore.objects.count() == 68
    assert UserScore.objects.exclude(score=None).exists()
