"""The floor views answer the same page as the API, with the same SQL statements (joins and
conditions included): the floor rows compare like with like."""

import re

import orjson
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.urls("bench.urls")]


@pytest.fixture
def market(tmp_path):
    from django.core.management import call_command

    call_command("seed_demo", "--scale", "3", stdout=open(tmp_path / "out.txt", "w"))  # noqa: SIM115


def _shape(sql: str) -> tuple:
    """What a SELECT reads: the tables it joins (with the kind of join) and its LIMIT; aliases and
    the order of the joins differ between the ORM and values() (they follow the columns)."""
    joins = sorted(re.findall(r'((?:INNER|LEFT OUTER) JOIN "\w+")', sql))
    return joins, re.findall(r"LIMIT \d+", sql)


def _busiest(role: str) -> str:
    from django.db.models import Count

    related = "client_appointments" if role == "client" else "master_appointments"
    return (User.objects.filter(role=role).annotate(n=Count(related)).order_by("-n", "id").first().username)


@pytest.mark.parametrize("who,path", [
    ("client", "/appointments/my/"), ("master", "/appointments/my/"), ("demo_admin1", "/appointments/my/"),
    ("demo_admin1", "/admin/appointments/"), ("demo_admin1", "/admin/users/all/"),
])
def test_floor_answers_the_same_page_with_the_same_sql(market, as_user, who, path):
    username = who if who.startswith("demo_") else _busiest(who)
    api = as_user(User.objects.get(username=username))
    api.get(f"/api/v1{path}?page_size=20")  # the site settings reach the cache, as after any first request
    with CaptureQueriesContext(connection) as real:
        answer = api.get(f"/api/v1{path}?page_size=20").json()
    with CaptureQueriesContext(connection) as floor:
        floored = orjson.loads(api.get(f"/bench-floor{path}?page_size=20").content)
    assert [r["id"] for r in floored["results"]] == [r["id"] for r in answer["results"]]
    assert floored["count"] == answer["count"] and len(answer["results"]) > 5
    page = max((q["sql"] for q in real.captured_queries), key=len)
    floor_page = max((q["sql"] for q in floor.captured_queries), key=len)
    assert _shape(page) == _shape(floor_page)
    assert floor_page.count(",") >= page.count(",")  # every column the ORM reads, at least
    # the same statements but the caller's master profile, which the API reads for a master
    assert len(floor.captured_queries) <= len(real.captured_queries) <= len(floor.captured_queries) + 1
