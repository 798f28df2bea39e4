from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.appointments.models import SlaClock, SlaStage
from apps.common import periods
from apps.common.capabilities import Role

pytestmark = pytest.mark.django_db


def test_the_admin_dashboard_shows_revenue_and_breaches_today(story, people, as_user):
    now = timezone.now()
    start = periods.day_start(periods.today())
    # the whole of today's story a moment ago, so none of its own clocks runs late whatever the hour
    moment = max(start, now - timedelta(seconds=5))
    story(created=moment, taken=moment, priced=moment, paid=moment, confirmed=moment, price=Decimal("700.00"))
    a = story(created=start - timedelta(days=3), taken=start - timedelta(days=3), priced=start - timedelta(days=3),
              paid=start - timedelta(days=2), confirmed=start - timedelta(days=2), price=Decimal("999.00"))
    # cycles of their own: the story's transitions opened cycle 1 of its stages already
    SlaClock.objects.create(appointment=a, stage=SlaStage.PRICE, cycle=8, master=people.master, target_minutes=60,
                            due_at=now, breached_at=now, state="breached")
    SlaClock.objects.create(appointment=a, stage=SlaStage.PRICE, cycle=9, master=people.master, target_minutes=60,
                            due_at=start - timedelta(days=1), breached_at=start - timedelta(seconds=1),
                            state="breached")
    body = as_user(people.admin).get("/api/v1/dashboard/").json()
    assert body["revenue_today"] == "700.00"
    assert body["sla_breaches_today"] == 1
    assert "new_today" in body  # next to what it showed before


def test_others_do_not_get_the_admin_figures(people, as_user, make_user):
    for user in (people.master, people.client):
        body = as_user(user).get("/api/v1/dashboard/").json()
        assert "revenue_today" not in body
    assert "revenue_today" in as_user(make_user(Role.ADMIN, admin_role="support")).get("/api/v1/dashboard/").json()
