"""Races with real threads and real commits (one database connection per thread)."""


import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from apps.common.capabilities import Role
from apps.common.testing import run_at_once
from apps.platform.flags.models import FeatureFlag
from apps.platform.notifications.models import Notification, NotificationDelivery
from apps.platform.notifications.services import delivery_attempt, notify, notify_many
from apps.platform.notifications.types import DeliveryStatus

pytestmark = pytest.mark.django_db(transaction=True)


def test_one_delivery_is_sent_once_by_competing_workers(telegram, make_user):
    user = make_user(telegram_id=31337, email="")
    notification = notify(user=user, type="system", title="once")
    delivery = notification.deliveries.get()  # already sent by the eager task after commit
    assert len(telegram.requests) == 1
    NotificationDelivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.PENDING, attempts=0,
                                                               next_attempt_at=delivery.created_at)
    results = run_at_once(6, lambda i: delivery_attempt(delivery_id=delivery.pk))
    assert results.count(DeliveryStatus.SENT) == 1 and results.count(None) == 5
    assert len(telegram.requests) == 2
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 1)


def test_a_concurrent_burst_merges_into_one_unread_notification(make_user):
    user = make_user(email="")
    results = run_at_once(5, lambda i: notify(user=user, type="new_message", title=f"message {i}",
                                              group_key="chat:42"))
    assert not [r for r in results if isinstance(r, Exception)]
    [notification] = Notification.objects.filter(user=user)
    assert notification.data["count"] == 5


def test_creating_one_flag_key_concurrently_gives_one_flag(make_user):
    admin = make_user(Role.ADMIN)
    token = str(RefreshToken.for_user(admin).access_token)

    def create(i: int) -> int:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        return client.post("/api/v1/admin/flags/", {"key": "race", "rollout_percent": i * 10}, format="json").status_code

    assert sorted(run_at_once(5, create)) == [201, 409, 409, 409, 409]
    assert FeatureFlag.objects.filter(key="race").count() == 1


def test_concurrent_fan_outs_to_the_same_people_merge_without_losing_one(make_user):
    people = [make_user(email="") for _ in range(6)]
    results = run_at_once(4, lambda i: notify_many(users=people[i % 2:], type="new_message",
                                                   texts=lambda u: (f"burst {i}", ""), group_key="fan-out"))
    assert not [r for r in results if isinstance(r, Exception)]
    counts = {n.user_id: n.data["count"] for n in Notification.objects.filter(group_key="fan-out")}
    # everyone once, each with every fan-out that named them (the odd ones skip the first person)
    assert counts == {people[0].pk: 2, **{p.pk: 4 for p in people[1:]}}
