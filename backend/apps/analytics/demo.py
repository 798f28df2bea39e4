"""The analytics part of `seed_demo`: the demo requests are already spread over the last 90 days
with their timelines (apps.appointments.demo); the clients' sign-ups move next to their first
request (a few days to a month before it), so `new_clients` has a history too; then the demo days
are rolled up, so the charts read the rollup like production does."""

from datetime import timedelta

from django.utils import timezone

from apps.accounts.models import User
from apps.common import periods

from .services import rollup_days

DEMO_DAYS = 91  # the demo's 90 days back, and the day it started


def seed_analytics(data) -> None:
    first_request: dict[int, object] = {}
    for appointment in data.appointments:
        created = appointment.created_at
        if appointment.client_id not in first_request or created < first_request[appointment.client_id]:
            first_request[appointment.client_id] = created
    now = timezone.now()
    moved = []
    for client in data.clients:
        first = first_request.get(client.pk)
        if first is None:
            continue
        joined = first - timedelta(days=data.rng.randint(1, 30), minutes=data.rng.randint(1, 1440))
        client.date_joined = min(joined, now)
        moved.append(client)
    User.objects.bulk_update(moved, ["date_joined"], batch_size=1000)
    today = periods.today()
    rollup_days([today - timedelta(days=i) for i in range(DEMO_DAYS, 0, -1)], batch_days=DEMO_DAYS)
