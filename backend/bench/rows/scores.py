"""Scores: a full recompute (every client's risk and every master's performance, read set-based,
computed, upserted with today's snapshot) costs within 3x of one hand-written SQL aggregate that
reads the same inputs and computes nothing.

Its own data set, `scores`: 10k clients, 1k masters, 200k appointments over a year with their
timelines, reviews both ways on a third of the completed ones, breached SLA clocks on some taken
appointments and some rejected payments (quick: 1k / 100 / 10k)."""

from __future__ import annotations

from ..datasets import Facts, dataset
from ..registry import Metric, Row, Side, Target, register

DATASET = "scores"


@dataset(DATASET, description="10k clients, 1k masters, 200k appointments with reviews, SLA breaches and "
                              "rejected payments (the scores recompute)",
         sizes={"full": {"appointments": 200_000, "clients": 10_000, "masters": 1_000},
                "sqlite-full": {"appointments": 50_000, "clients": 5_000, "masters": 500},
                "quick": {"appointments": 10_000, "clients": 1_000, "masters": 100}})
def scores_dataset(sizes: dict[str, int]) -> Facts:
    from datetime import timedelta

    from apps.accounts.models import MasterProfile
    from apps.appointments.models import (
        Appointment,
        AppointmentEvent,
        AppointmentEventType,
        AppointmentStatus,
        SlaClock,
        SlaStage,
    )

    from .. import seed

    clients = seed.seed_users(sizes["clients"], role="client")
    masters = seed.seed_users(sizes["masters"], role="master")
    seed.seed_master_profiles(masters)
    active = list(MasterProfile.objects.filter(status=MasterProfile.Status.ACTIVE).values_list("user_id", flat=True))
    seed.seed_appointments(sizes["appointments"], client_ids=clients, master_ids=active, days=365)
    completed = Appointment.objects.filter(status=AppointmentStatus.COMPLETED).order_by("id")
    seed.seed_reviews(row for i, row in enumerate(completed.values_list("id", "client_id", "master_id"))
                      if i % 3 == 0)
    taken = list(Appointment.objects.filter(taken_at__isnull=False).order_by("id")
                 .values_list("id", "master_id", "taken_at"))
    seed.write(SlaClock, ["appointment_id", "stage", "cycle", "master_id", "state", "target_minutes", "started_at",
                          "due_at", "breached_at"],
               ((pk, SlaStage.TAKE if i % 2 else SlaStage.PRICE, 1, master_id, "breached", 30,
                 at - timedelta(minutes=60), at - timedelta(minutes=30), at - timedelta(minutes=30))
                for i, (pk, master_id, at) in enumerate(taken[::20])))
    paid = list(Appointment.objects.filter(marked_paid_at__isnull=False, payment_confirmed_at__isnull=False)
                .order_by("id").values_list("id", "master_id", "marked_paid_at")[::15])
    S, E = AppointmentStatus, AppointmentEventType
    seed.write(AppointmentEvent, seed.EVENT_COLUMNS,
               [(pk, master_id, E.PAYMENT_REJECTED, S.PAYMENT_PROOF_UPLOADED, S.AWAITING_PAYMENT,
                 {"reason": "bench"}, at + timedelta(minutes=5)) for pk, master_id, at in paid])
    seed.analyze()
    return Facts(clients=len(clients), masters=len(masters), appointments=Appointment.objects.count())


# The same inputs as apps.scoring.inputs, read by hand in two GROUP BY statements (one per kind)
# over the same windows; the durations for the medians come back as rows, as the recompute reads
# them. Nothing is computed or written.
CLIENT_SQL = """
SELECT a.client_id,
       SUM(CASE WHEN a.taken_at IS NOT NULL THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.status = 'CANCELLED' AND a.priced_at IS NULL AND NOT EXISTS (
             SELECT 1 FROM appointments_slaclock c WHERE c.appointment_id = a.id AND c.stage IN ('take', 'price')
             AND c.breached_at IS NOT NULL AND c.breached_at <= a.cancelled_at) THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.status = 'CANCELLED' AND a.priced_at IS NOT NULL AND NOT EXISTS (
             SELECT 1 FROM appointments_slaclock c WHERE c.appointment_id = a.id AND c.stage IN ('take', 'price')
             AND c.breached_at IS NOT NULL AND c.breached_at <= a.cancelled_at) THEN 1 ELSE 0 END),
       (SELECT COUNT(*) FROM appointments_appointmentevent e JOIN appointments_appointment x
          ON x.id = e.appointment_id WHERE x.client_id = a.client_id AND e.type = 'payment_rejected'
          AND e.created_at >= %(client_since)s)
FROM appointments_appointment a
WHERE a.created_at >= %(client_since)s
GROUP BY a.client_id
"""
MASTER_SQL = """
SELECT a.master_id, COUNT(*),
       SUM(CASE WHEN a.status = 'COMPLETED' THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.status = 'DECLINED_BY_MASTER' THEN 1 ELSE 0 END),
       (SELECT COUNT(*) FROM appointments_slaclock c WHERE c.master_id = a.master_id
          AND c.breached_at >= %(master_since)s AND c.stage <> 'pay')
FROM appointments_appointment a
WHERE a.taken_at >= %(master_since)s
GROUP BY a.master_id
"""
DURATIONS_SQL = """
SELECT master_id, created_at, taken_at, priced_at FROM appointments_appointment WHERE taken_at >= %(master_since)s
"""
REVIEWS_SQL = """
SELECT r.subject_id, r.direction, r.rating, r.flags FROM reviews_review r
WHERE r.is_hidden = false AND r.published_at IS NOT NULL AND r.created_at >= %(client_since)s
"""


def _sql(ctx):
    from datetime import timedelta

    from django.db import connection
    from django.utils import timezone

    from apps.scoring.config import scoring_settings

    cfg = scoring_settings()

    def run():
        now = timezone.now()
        params = {"client_since": now - timedelta(days=cfg["client_window_days"]),
                  "master_since": now - timedelta(days=cfg["master_window_days"])}
        rows = 0
        with connection.cursor() as cursor:
            for sql in (CLIENT_SQL, MASTER_SQL, DURATIONS_SQL, REVIEWS_SQL):
                cursor.execute(sql, params)
                rows += len(cursor.fetchall())
        return rows

    return run


def _recompute(ctx):
    from apps.scoring.services import recompute

    return lambda: recompute(None)["scored"]


def _same_people(baseline, candidate) -> str | None:
    if not candidate.result:
        return "the recompute scored nobody"
    if not baseline.result:
        return "the SQL read nothing"
    return None


register(Row(
    key="scores.recompute-vs-sql",
    title="scores: full recompute (10k clients, 1k masters, 200k appointments) vs the same inputs in SQL",
    metric=Metric.P50_MS, target=Target(ratio_at_most=3),
    baseline=Side("hand-written SQL", DATASET, _sql),
    candidate=Side("recompute", DATASET, _recompute),
    check=_same_people, runs=5,
))
