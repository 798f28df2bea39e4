"""Races on real connections (one thread per caller, each with its own connection)."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from apps.accounts.models import MasterProfile
from apps.appointments.models import AppointmentEvent
from apps.platform.events.models import PlatformEvent
from apps.reviews.models import Review

pytestmark = pytest.mark.django_db(transaction=True)


def _race(calls) -> list[int]:
    """`calls`: [(user, path, body)], all fired at once; the status codes, in call order."""
    barrier = threading.Barrier(len(calls))
    statuses = [None] * len(calls)
    tokens = [str(RefreshToken.for_user(user).access_token) for user, _, _ in calls]

    def worker(index):
        _user, path, body = calls[index]
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens[index]}")
        barrier.wait()
        try:
            statuses[index] = api.post(path, body, format="json").status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return statuses


def test_two_identical_reviews_at_once_one_201_one_409(job):
    path = f"/api/v1/appointments/{job.id}/review-master/"
    statuses = _race([(job.client, path, {"rating": 5}), (job.client, path, {"rating": 1})])
    assert sorted(statuses) == [201, 409]
    assert Review.objects.count() == 1
    assert AppointmentEvent.objects.filter(type="review_left").count() == 1
    assert PlatformEvent.objects.filter(type="review.left").count() == 1


def test_both_sides_reviewing_at_once_publish_both(job):
    statuses = _race([
        (job.client, f"/api/v1/appointments/{job.id}/review-master/", {"rating": 4}),
        (job.master, f"/api/v1/appointments/{job.id}/review-client/", {"rating": 5}),
    ])
    assert statuses == [201, 201]
    assert Review.objects.filter(published_at__isnull=False).count() == 2
    assert PlatformEvent.objects.filter(type="review.published").count() == 2
    assert MasterProfile.objects.get(user=job.master).rating_count == 1
