import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest

from apps.analytics import registry, services
from apps.common.capabilities import Role
from apps.reviews.services import review_leave

from .conftest import frozen, local

pytestmark = pytest.mark.django_db

D = date(2026, 3, 10)
TODAY = D + timedelta(days=4)
URL = "/api/v1/admin/analytics/"


@pytest.fixture
def analyst(make_user, as_user):
    return as_user(make_user(Role.ADMIN, admin_role="analyst"))


@pytest.fixture
def data(story, people, make_user, today):
    """Four days of activity, the first two rolled up, the rest (today included) live."""
    today(TODAY)
    story(created=local(D, 9), taken=local(D, 9, 10), priced=local(D, 10), paid=local(D, 11),
          confirmed=local(D, 11, 30), completed=local(D + timedelta(days=1), 12), price=Decimal("1000.50"))
    story(created=local(D, 13), taken=local(D + timedelta(days=1), 13), master=people.other_master,
          declined=local(D + timedelta(days=1), 14))
    story(created=local(D + timedelta(days=2), 9), taken=local(D + timedelta(days=2), 10),
          priced=local(D + timedelta(days=2), 11), paid=local(D + timedelta(days=3), 9),
          confirmed=local(D + timedelta(days=3), 10), price=Decimal("2000.00"))
    story(created=local(TODAY, 1), cancelled=local(TODAY, 2))
    services.rollup_days([D, D + timedelta(days=1)])
    return people


def _get(client, path, **params):
    return client.get(URL + path, params)


def test_summary_shape_and_previous_range(analyst, data):
    body = _get(analyst, "summary/", **{"from": str(D), "to": str(TODAY)}).json()
    assert body["range"] == {"from": str(D), "to": str(TODAY), "tz": "UTC"}
    assert body["previous_range"] == {"from": str(D - timedelta(days=5)), "to": str(D - timedelta(days=1))}
    assert set(body["metrics"]) == set(registry.metric_keys())
    assert body["freshness"] == {"rolled_up_through": str(D + timedelta(days=1)), "live_from": str(D + timedelta(days=2))}
    created = body["metrics"]["appointments_created"]
    assert created == {"value": 4, "previous": 0, "delta": 4, "delta_pct": None}
    assert body["metrics"]["revenue"]["value"] == "3000.50"
    assert body["metrics"]["median_minutes_to_take"]["value"] == 60.0  # 10, 60, 1440 minutes
    assert body["metrics"]["median_minutes_to_take"]["previous"] is None
    assert body["metrics"]["active_masters"]["value"] == 2


def test_delta_pct_against_a_previous_range(analyst, data):
    body = _get(analyst, "summary/", **{"from": str(D + timedelta(days=2)), "to": str(D + timedelta(days=3))}).json()
    created = body["metrics"]["appointments_created"]
    assert (created["value"], created["previous"], created["delta"], created["delta_pct"]) == (1, 2, -1, -50.0)
    revenue = body["metrics"]["revenue"]
    assert revenue == {"value": "2000.00", "previous": "1000.50", "delta": "999.50", "delta_pct": 99.9}


def test_the_summary_is_the_sum_of_the_daily_rows(analyst, data):
    span = {"from": str(D - timedelta(days=1)), "to": str(TODAY)}
    summary = _get(analyst, "summary/", **span).json()["metrics"]
    days = _get(analyst, "daily/", **span).json()["days"]
    assert len(days) == 6
    for metric in registry.metrics():
        if metric.kind == registry.Kind.COUNT:
            assert summary[metric.key]["value"] == sum(day[metric.key] for day in days), metric.key
    assert Decimal(summary["revenue"]["value"]) == sum(Decimal(day["revenue"]) for day in days)


def test_daily_lists_every_day_with_zeros_and_only_the_asked_metrics(analyst, data):
    body = _get(analyst, "daily/", **{"from": str(D - timedelta(days=1)), "to": str(D),
                                      "metrics": "revenue,appointments_created,median_minutes_to_take"}).json()
    assert body == {"tz": "UTC", "days": [
        {"date": str(D - timedelta(days=1)), "revenue": "0.00", "appointments_created": 0,
         "median_minutes_to_take": None},
        {"date": str(D), "revenue": "1000.50", "appointments_created": 2, "median_minutes_to_take": 10.0},
    ]}


def test_the_daily_csv_carries_the_json_rows(analyst, data):
    span = {"from": str(D - timedelta(days=1)), "to": str(TODAY)}
    rows = _get(analyst, "daily/", **span).json()["days"]
    response = _get(analyst, "daily/", **span, format="csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeffdate,appointments_created,")
    table = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert table[0] == ["date", *registry.metric_keys()]
    as_text = [[("" if v is None else str(v)) for v in row.values()] for row in rows]
    assert table[1:] == as_text


def test_the_masters_csv_escapes_formulas_and_equals_the_json(analyst, data, make_user):
    data.other_master.display_name = "=HYPERLINK(\"x\")"
    data.other_master.save()
    body = _get(analyst, "masters/", **{"from": str(D), "to": str(TODAY)}).json()
    rows = body["results"]
    assert body["count"] == len(rows) == 2
    top = rows[0]
    assert top == {"master_id": data.master.pk, "master": data.master.display_name, "completed": 1,
                   "revenue": "3000.50", "median_minutes_to_take": 35.0, "rating": None, "sla_breaches": 0,
                   "performance_level": "insufficient_data"}
    response = _get(analyst, "masters/", **{"from": str(D), "to": str(TODAY)}, format="csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    table = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert table[0] == ["master_id", "master", "completed", "revenue", "median_minutes_to_take", "rating",
                        "sla_breaches", "performance_level"]
    assert table[1] == [str(data.master.pk), data.master.display_name, "1", "3000.50", "35.0", "", "0", "insufficient_data"]
    assert table[2][1] == "'=HYPERLINK(\"x\")"


def test_the_funnel_follows_the_cohort(analyst, data):
    with frozen(local(TODAY, 3)):
        from apps.appointments.models import Appointment

        first = Appointment.objects.filter(status="COMPLETED").get()
        review_leave(appointment_id=first.pk, author=first.client, direction="client_to_master", rating=5)
    body = _get(analyst, "funnel/", **{"from": str(D), "to": str(D)}).json()
    steps = {s["step"]: s for s in body["steps"]}
    assert [s["step"] for s in body["steps"]] == ["created", "taken", "priced", "proof_uploaded", "paid",
                                                  "completed", "reviewed"]
    assert [steps[k]["count"] for k in steps] == [2, 2, 1, 1, 1, 1, 1]
    assert steps["taken"]["conversion"] == 1.0
    assert steps["paid"]["conversion"] == 0.5
    assert steps["priced"]["median_minutes"] == 60.0
    assert body["drop_offs"]["declined"] == {"IN_REVIEW": 1, "AWAITING_PAYMENT": 0}
    assert body["drop_offs"]["cancelled"] == {"NEW": 0, "IN_REVIEW": 0, "AWAITING_PAYMENT": 0}
    assert body["range"]["tz"] == "UTC"


@pytest.mark.parametrize(("params", "field"), [
    ({"from": "2026-03-10", "to": "2026-03-01"}, "from"),
    ({"from": "2025-01-01", "to": "2026-03-01"}, "to"),
    ({"from": "2026-3-1x"}, "from"),
    ({"to": "yesterday"}, "to"),
    ({"metrics": "revenue,nope"}, "metrics"),
])
@pytest.mark.parametrize("path", ["summary/", "daily/", "funnel/", "masters/"])
def test_bad_input_is_a_400_with_errors(analyst, today, params, field, path):
    today(TODAY)
    if field == "metrics" and path != "daily/":
        pytest.skip("only daily/ takes metrics")
    response = _get(analyst, path, **params)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid"
    assert field in body["errors"]


def test_a_bad_csv_request_answers_json(analyst, today):
    today(TODAY)
    response = _get(analyst, "daily/", metrics="nope", format="csv")
    assert response.status_code == 400
    assert response.json()["errors"]["metrics"]


def test_the_default_range_is_the_last_30_days(analyst, today):
    today(TODAY)
    body = _get(analyst, "summary/").json()
    assert body["range"]["from"] == str(TODAY - timedelta(days=29))
    assert body["range"]["to"] == str(TODAY)
    assert len(_get(analyst, "daily/").json()["days"]) == 30


@pytest.mark.parametrize(("admin_role", "status"), [("analyst", 200), ("finance", 200), ("", 200),
                                                    ("support", 403), ("moderator", 403)])
def test_only_analytics_viewers(make_user, as_user, today, admin_role, status):
    today(TODAY)
    client = as_user(make_user(Role.ADMIN, admin_role=admin_role))
    for path in ("summary/", "daily/", "funnel/", "masters/"):
        assert _get(client, path).status_code == status


def test_masters_and_clients_are_refused(people, as_user, api):
    assert _get(as_user(people.master), "summary/").status_code == 403
    assert _get(as_user(people.client), "daily/").status_code == 403
    assert _get(api, "summary/").status_code == 401


def test_the_masters_table_shows_the_performance_level_the_scores_app_shows(analyst, data):
    from apps.scoring.models import UserScore
    from apps.scoring.types import ScoreKind

    UserScore.objects.create(user=data.master, kind=ScoreKind.MASTER_PERFORMANCE, level="good", score=74,
                             window_days=90, sample_count=12, model_version="test", override_level="excellent",
                             override_reason="checked by hand")
    rows = _get(analyst, "masters/", **{"from": str(D), "to": str(TODAY)}).json()["results"]
    levels = {row["master_id"]: row["performance_level"] for row in rows}
    assert levels == {data.master.pk: "excellent", data.other_master.pk: "insufficient_data"}
