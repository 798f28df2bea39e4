import pytest

from apps.appointments.models import AppointmentStatus
from apps.chat.models import Message


@pytest.fixture
def chat(make_appointment):
    """An appointment in progress: a client, an assigned master, an empty chat."""
    return make_appointment(AppointmentStatus.IN_PROGRESS)


@pytest.fixture
def say(as_user):
    """Post `text` as `user` through the API and return the created message's JSON."""

    def post(user, appointment, text: str) -> dict:
        response = as_user(user).post(f"/api/v1/appointments/{appointment.id}/messages/", {"text": text})
        assert response.status_code == 201, response.content
        return response.json()

    return post


@pytest.fixture
def seed_messages():
    """Many messages at once (alternating sender), without going through the API."""

    def create(appointment, count: int, senders=None) -> list[Message]:
        senders = senders or [appointment.client, appointment.master]
        return Message.objects.bulk_create([
            Message(appointment=appointment, sender=senders[i % len(senders)], text=f"message {i}")
            for i in range(count)
        ])

    return create
