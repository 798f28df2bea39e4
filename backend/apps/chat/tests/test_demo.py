import pytest
from django.core.management import call_command
from django.utils import timezone

from apps.appointments.models import Appointment, AppointmentEvent
from apps.chat.models import Message, ReadState
from apps.chat.selectors import unread_total

pytestmark = pytest.mark.django_db


def test_demo_chats_are_consistent_conversations():
    call_command("seed_demo", "--scale", "3")
    assert Message.objects.count() > Appointment.objects.count()
    now = timezone.now()
    for appointment in Appointment.objects.prefetch_related("messages"):
        thread = list(appointment.messages.all())
        times = [m.created_at for m in thread]
        assert times == sorted(times), appointment  # id order is time order
        assert all(t <= now for t in times)
        assert all(appointment.created_at <= t for t in times)
        assert {m.sender_id for m in thread} <= {appointment.client_id, appointment.master_id}
    for state in ReadState.objects.select_related("last_read_message"):
        assert state.last_read_message.appointment_id == state.appointment_id
    deleted = Message.objects.filter(deleted_at__isnull=False)
    assert deleted.exists()
    assert not deleted.exclude(text="").exists() and not deleted.filter(original_text="").exists()
    assert AppointmentEvent.objects.filter(type="message_deleted").count() == deleted.count()
    # somebody has something unread, so the demo shows badges
    assert any(unread_total(user=a.client) for a in Appointment.objects.select_related("client"))
