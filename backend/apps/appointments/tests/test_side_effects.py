"""What the rest of the platform hears when an appointment moves."""

import pytest

from apps.appointments.models import AppointmentStatus
from apps.common.capabilities import Role
from apps.platform.events.models import PlatformEvent
from apps.platform.events.services import register_handler, unregister_handler
from apps.platform.notifications.models import Notification

pytestmark = pytest.mark.django_db
S = AppointmentStatus


def test_each_transition_records_a_platform_event(as_user, make_appointment):
    appointment = make_appointment(S.NEW)
    response = as_user(appointment.client).post(f"/api/v1/appointments/{appointment.id}/cancel/",
                                                {"reason": "found another"})
    assert response.status_code == 200
    event = PlatformEvent.objects.get(type="appointment.cancelled")
    assert event.actor_id == appointment.client_id
    assert event.subject_type == "appointments.appointment" and event.subject_id == str(appointment.id)
    assert event.payload["from_status"] == "NEW" and event.payload["to_status"] == "CANCELLED"
    assert event.payload["reason"] == "found another"
    assert event.request_id == response["X-Request-ID"]


def test_the_other_party_is_notified_after_commit(as_user, make_appointment, django_capture_on_commit_callbacks):
    appointment = make_appointment(S.IN_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        as_user(appointment.master).post(f"/api/v1/appointments/{appointment.id}/set-price/", {"price": "900"})
    note = Notification.objects.get(user=appointment.client)
    assert note.type == "appointment_update"
    assert "900" in note.body
    assert not Notification.objects.filter(user=appointment.master).exists()  # the actor isn't told


def test_nothing_is_recorded_or_notified_when_the_action_fails(as_user, make_appointment,
                                                              django_capture_on_commit_callbacks):
    appointment = make_appointment(S.IN_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(appointment.master).post(f"/api/v1/appointments/{appointment.id}/complete/")
    assert response.status_code == 409
    assert not Notification.objects.exists()
    assert not PlatformEvent.objects.filter(type__startswith="appointment.").exists()


def test_a_failing_handler_never_undoes_the_action(as_user, make_appointment, make_user,
                                                   django_capture_on_commit_callbacks):
    def explode(event):
        raise RuntimeError("handler bug")

    appointment = make_appointment(S.NEW)
    master = make_user(Role.MASTER)
    register_handler("appointment.taken", explode)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = as_user(master).post(f"/api/v1/appointments/{appointment.id}/take/")
    finally:
        unregister_handler("appointment.taken", explode)
    assert response.status_code == 200
    appointment.refresh_from_db()
    assert appointment.status == S.IN_REVIEW
    assert Notification.objects.filter(user=appointment.client).count() == 1  # the other handlers still ran


def test_a_master_released_by_an_admin_is_told(make_appointment, make_user, django_capture_on_commit_callbacks):
    from apps.appointments.services import appointment_set_status

    appointment = make_appointment(S.IN_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        appointment_set_status(appointment_id=appointment.id, actor=make_user(Role.ADMIN), status="NEW",
                               reason="master unavailable")
    assert set(Notification.objects.values_list("user_id", flat=True)) == {appointment.client_id,
                                                                          appointment.master_id}


@pytest.mark.parametrize(("language", "title", "price"), [
    ("ru", "Мастер назвал цену", "2\xa0500,00\xa0₽"),
    ("en", "The master named a price", "₽2,500.00"),
])
def test_the_price_reads_as_money_in_the_clients_language(language, title, price, as_user, make_appointment,
                                                          django_capture_on_commit_callbacks):
    appointment = make_appointment(S.IN_REVIEW)
    appointment.client.language = language
    appointment.client.save()
    with django_capture_on_commit_callbacks(execute=True):
        as_user(appointment.master).post(f"/api/v1/appointments/{appointment.id}/set-price/", {"price": "2500"})
    note = Notification.objects.get(user=appointment.client)
    assert note.title == title
    assert price in note.body and "RUB" not in note.body


def test_a_status_set_by_an_admin_reads_as_words(make_appointment, make_user, django_capture_on_commit_callbacks):
    from apps.appointments.services import appointment_set_status

    appointment = make_appointment(S.IN_PROGRESS)
    with django_capture_on_commit_callbacks(execute=True):
        appointment_set_status(appointment_id=appointment.id, actor=make_user(Role.ADMIN), status="COMPLETED",
                               reason="Клиент подтвердил по телефону")
    note = Notification.objects.get(user=appointment.client)
    assert note.body == f"«{appointment.title}»: Выполнена. Клиент подтвердил по телефону"
    assert "COMPLETED" not in note.body


def test_a_role_change_reads_as_words(as_user, make_user, django_capture_on_commit_callbacks):
    user = make_user(Role.CLIENT)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(make_user(Role.ADMIN)).post(f"/api/v1/admin/users/{user.id}/role/", {"role": "master"})
    assert response.status_code == 200, response.content
    note = Notification.objects.get(user=user, type="system")
    assert note.body == "Новая роль: мастер." and note.data["role"] == "master"
