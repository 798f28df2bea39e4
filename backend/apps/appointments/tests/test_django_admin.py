import pytest

from apps.appointments.models import AppointmentEvent, AppointmentStatus

pytestmark = pytest.mark.django_db


def test_the_timeline_is_read_only_in_django_admin(client, make_user, make_appointment):
    from apps.common.capabilities import Role

    admin = make_user(Role.ADMIN, is_superuser=True)
    appointment = make_appointment(AppointmentStatus.NEW)
    event = AppointmentEvent.objects.create(appointment=appointment, actor=appointment.client, type="created",
                                            to_status="NEW")
    client.force_login(admin)
    base = "/django-admin/appointments/appointmentevent/"
    assert client.get(base).status_code == 200
    assert client.get(f"{base}{event.pk}/change/").status_code == 200  # view only
    assert client.post(f"{base}{event.pk}/change/", {"type": "cancelled"}).status_code == 403
    assert client.post(f"{base}{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get(f"{base}add/").status_code == 403
    event.refresh_from_db()
    assert event.type == "created"
