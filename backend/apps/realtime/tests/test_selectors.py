"""Who a frame goes to, in a fixed number of queries: the appointment with its people (the master's
profile included) and the admins holding the capability, whatever their number."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts.models import Role
from apps.realtime.selectors import appointment_watchers, chat_readers

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("watchers", [appointment_watchers, chat_readers])
def test_the_people_of_an_appointment_and_its_admins_in_two_queries(make_user, make_appointment, watchers):
    appointment = make_appointment("IN_REVIEW")
    admins = {make_user(Role.ADMIN).pk for _ in range(3)}
    with CaptureQueriesContext(connection) as queries:
        ids = watchers(appointment_id=appointment.pk)
    assert ids == {appointment.client_id, appointment.master_id} | admins
    assert len(queries.captured_queries) == 2, [q["sql"][:120] for q in queries.captured_queries]
