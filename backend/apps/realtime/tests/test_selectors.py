"""Who a frame goes to, in a fixed number of queries: the appointment with its people (the master's
profile included) and the admins holding the capability, whatever their number."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts.models import Role
from apps.appointments.selectors import appointment_with_people
from apps.realtime.selectors import appointment_watchers, chat_readers

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("watchers", [appointment_watchers, chat_readers])
def test_the_people_of_an_appointment_and_its_admins_in_two_queries(make_user, make_appointment, watchers):
    appointment = make_appointment("IN_REVIEW")
    admins = {make_user(Role.ADMIN).pk for _ in range(3)}
    with CaptureQueriesContext(connection) as queries:
        ids = watchers(appointment_with_people(appointment.pk))
    assert ids == {appointment.client_id, appointment.master_id} | admins
    assert len(queries.captured_queries) == 2, [q["sql"][:120] for q in queries.captured_queries]


def test_an_event_s_handlers_read_its_appointment_once(make_user, make_appointment, monkeypatch,
                                                      django_capture_on_commit_callbacks):
    """The request-thread handlers of one transition (its realtime frame, its notification) share
    one read of the appointment with its people (apps.platform.events.services.shared)."""
    from decimal import Decimal

    from apps.appointments.services import appointment_set_price
    from apps.platform.events import services as event_services

    monkeypatch.setattr(event_services.run_event_handler, "delay", lambda *args: None)  # no worker jobs here

    appointment = make_appointment("IN_REVIEW")
    with django_capture_on_commit_callbacks(execute=False) as committed:
        appointment_set_price(appointment_id=appointment.pk, actor=appointment.master, price=Decimal("900"))
    with CaptureQueriesContext(connection) as queries:
        for callback in committed:
            callback()
    reads = [q["sql"] for q in queries.captured_queries
             if q["sql"].startswith("SELECT") and 'FROM "appointments_appointment"' in q["sql"]
             and f'"appointments_appointment"."id" = {appointment.pk}' in q["sql"]]
    assert len(reads) == 1, reads
    assert 'JOIN "accounts_masterprofile"' in reads[0] or "masterprofile" in reads[0]
