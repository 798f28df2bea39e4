"""Races on real connections (one thread per caller, each with its own connection)."""


import pytest

from apps.appointments.models import AppointmentEvent
from apps.common.testing import api_at_once
from apps.platform.events.models import PlatformEvent
from apps.reviews.models import MasterRating, Review

pytestmark = pytest.mark.django_db(transaction=True)


def _race(calls) -> list[int]:
    """`calls`: [(user, path, body)], all posted at once; the status codes, in call order."""
    return api_at_once([(user, "post", path, body) for user, path, body in calls])


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
    assert MasterRating.objects.get(master=job.master).count == 1
