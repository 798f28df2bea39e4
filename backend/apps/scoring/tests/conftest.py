from datetime import timedelta

import pytest
from django.utils import timezone

from apps.appointments.models import AppointmentStatus, SlaClock, SlaStage
from apps.common.capabilities import Role

S = AppointmentStatus


@pytest.fixture
def history(make_user, make_appointment):
    """Builds a client's or a master's record: `history.client(completed=3, cancelled_after_price=1)`."""

    class History:
        def client(self, *, completed: int = 0, cancelled_after_price: int = 0, cancelled_before_price: int = 0,
                   master=None, client=None, joined_days_ago: int = 400):
            client = client or make_user(Role.CLIENT)
            client.date_joined = timezone.now() - timedelta(days=joined_days_ago)
            client.save(update_fields=["date_joined"])
            master = master or make_user(Role.MASTER)
            for _ in range(completed):
                make_appointment(S.COMPLETED, client=client, master=master)
            for _ in range(cancelled_after_price):
                make_appointment(S.CANCELLED, client=client, master=master, taken_at=timezone.now(),
                                 priced_at=timezone.now(), price=1000, cancelled_at=timezone.now())
            for _ in range(cancelled_before_price):
                make_appointment(S.CANCELLED, client=client, master=master, taken_at=timezone.now(),
                                 cancelled_at=timezone.now())
            return client

        def master(self, *, completed: int = 0, declined: int = 0, master=None):
            master = master or make_user(Role.MASTER)
            for _ in range(completed):
                make_appointment(S.COMPLETED, master=master)
            for _ in range(declined):
                make_appointment(S.DECLINED_BY_MASTER, master=master, taken_at=timezone.now(),
                                 declined_at=timezone.now())
            return master

        def breach(self, appointment, stage=SlaStage.PRICE, *, master=None, minutes_before_cancel: int = 10):
            at = (appointment.cancelled_at or timezone.now()) - timedelta(minutes=minutes_before_cancel)
            return SlaClock.objects.create(appointment=appointment, stage=stage, master=master,
                                           state="breached", target_minutes=30, started_at=at - timedelta(hours=1),
                                           due_at=at, breached_at=at)

    return History()
