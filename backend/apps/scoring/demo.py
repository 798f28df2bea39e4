"""Demo data: the demo's clients and masters scored from the demo marketplace itself.

The generated marketplace is a friendly one (most clients pay, most masters are quick and well
rated), so a few users are given a troubled record first, written as the lifecycle would have left
it: a client whose payment proofs were rejected before the payment was confirmed (and whom masters
flagged), a master who missed SLA deadlines and drew poor reviews. Then everyone is recomputed,
so the screens show every level."""

from datetime import timedelta

from apps.appointments.demo import DemoData
from apps.appointments.models import (
    Appointment,
    AppointmentEvent,
    AppointmentEventType,
    AppointmentStatus,
    SlaClock,
    SlaClockState,
    SlaStage,
)
from apps.reviews.models import MasterRating, Review
from apps.reviews.selectors import rating_summary_compute
from apps.reviews.types import ReviewDirection

from .services import recompute

S = AppointmentStatus


def _troubled_clients(data: DemoData) -> None:
    """The two clients who paid most often: the first had two proofs rejected (medium risk), the
    second three, and masters flagged a no-show and a payment issue (high risk)."""
    paid = (Appointment.objects.filter(client_id__in=[c.pk for c in data.clients], marked_paid_at__isnull=False,
                                       payment_confirmed_at__isnull=False).order_by("client_id", "id"))
    by_client: dict[int, list[Appointment]] = {}
    for appointment in paid:
        by_client.setdefault(appointment.client_id, []).append(appointment)
    chosen = sorted(by_client, key=lambda pk: (-len(by_client[pk]), pk))[:2]
    events = []
    for client_id, rejections in zip(chosen, (2, 3), strict=False):
        for appointment in by_client[client_id][:rejections]:
            # Between the proof and the confirmation: rejected once, then sent again and confirmed.
            at = appointment.marked_paid_at + (appointment.payment_confirmed_at - appointment.marked_paid_at) / 2
            events.append(AppointmentEvent(
                appointment=appointment, actor_id=appointment.master_id, type=AppointmentEventType.PAYMENT_REJECTED,
                from_status=S.PAYMENT_PROOF_UPLOADED, to_status=S.AWAITING_PAYMENT, created_at=at,
                data={"reason": "Перевод не поступил"}))
    AppointmentEvent.objects.bulk_create(events)
    if len(chosen) == 2:
        Review.objects.filter(subject_id=chosen[1], direction=ReviewDirection.MASTER_TO_CLIENT).update(
            rating=1, flags=["no_show", "payment_issue"])


def _troubled_masters(data: DemoData) -> None:
    """The two busiest masters missed the price deadline on five jobs each; the second also drew
    one-star reviews flagged late, poor quality and rude (poor performance)."""
    taken = Appointment.objects.filter(master_id__in=[m.pk for m in data.masters], priced_at__isnull=False)
    by_master: dict[int, list[Appointment]] = {}
    for job in taken.order_by("master_id", "id"):
        by_master.setdefault(job.master_id, []).append(job)
    chosen = sorted(by_master, key=lambda pk: (-len(by_master[pk]), pk))[:2]
    clocks = []
    for master_id in chosen:
        for job in by_master[master_id][:5]:
            # The price came after twice its target: a breach of the price stage, halfway.
            target = max(1, int((job.priced_at - job.taken_at).total_seconds() / 120))
            due = job.taken_at + timedelta(minutes=target)
            clocks.append(SlaClock(appointment=job, stage=SlaStage.PRICE, master_id=master_id,
                                   state=SlaClockState.BREACHED, target_minutes=target, started_at=job.taken_at,
                                   due_at=due, breached_at=due, stopped_at=job.priced_at))
    SlaClock.objects.bulk_create(clocks, ignore_conflicts=True)
    if len(chosen) == 2:
        poorest = chosen[1]
        Review.objects.filter(subject_id=poorest, direction=ReviewDirection.CLIENT_TO_MASTER).update(
            rating=1, flags=["late", "poor_quality", "rude"])
        summary = rating_summary_compute(master_id=poorest)
        MasterRating.objects.filter(master_id=poorest).update(
            average=summary.average, count=summary.count, distribution=summary.distribution)


def seed_scores(data: DemoData) -> None:
    _troubled_clients(data)
    _troubled_masters(data)
    # Demo scores are not news: no level-change events for them.
    recompute([user.pk for user in (*data.clients, *data.masters)], announce=False)
