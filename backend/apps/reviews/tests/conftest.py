from datetime import timedelta

import pytest
from django.utils import timezone

from apps.appointments.models import AppointmentStatus


@pytest.fixture
def completed(make_appointment):
    """A COMPLETED appointment, finished `days_ago` days ago (default: an hour ago)."""

    def make(days_ago: float | None = None, **kwargs):
        when = timezone.now() - (timedelta(days=days_ago) if days_ago is not None else timedelta(hours=1))
        return make_appointment(AppointmentStatus.COMPLETED, completed_at=when, **kwargs)

    return make


@pytest.fixture
def job(completed):
    return completed()


@pytest.fixture
def review(as_user):
    """Leave a review through the API: `review(user, appointment, "master"|"client", rating=5, ...)`."""

    def post(user, appointment, side: str, expect: int = 201, **body):
        body.setdefault("rating", 5)
        response = as_user(user).post(f"/api/v1/appointments/{appointment.id}/review-{side}/", body, format="json")
        assert response.status_code == expect, response.content
        return response.json()

    return post
