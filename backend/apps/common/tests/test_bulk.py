"""update_rows(): each row's own values and the shared ones, in one statement, exactly as
bulk_update would have written them (on SQLite and PostgreSQL)."""

from datetime import UTC, datetime

import pytest
from django.db import DataError, connection, transaction
from django.test.utils import CaptureQueriesContext

from apps.common import bulk
from apps.common.bulk import update_rows
from apps.platform.notifications.models import Notification

pytestmark = pytest.mark.django_db

WHEN = datetime(2026, 5, 4, 3, 2, 1, tzinfo=UTC)


def _rows(users, n=3, key="g"):
    return [Notification.objects.create(user=users[i % len(users)], type="before", title=f"old {i}",
                                        data={"count": 1, "keep": i}, in_app=False, group_key=f"{key}{i}")
            for i in range(n)]


@pytest.fixture
def users(make_user):
    return [make_user() for _ in range(3)]


def test_each_row_gets_its_values_and_every_row_the_shared_ones_in_one_statement(users):
    rows = _rows(users)
    untouched = Notification.objects.create(user=users[0], type="other", title="not me", data={"x": 1})
    texts = ["Новая заявка: «Стрижка»", 'quotes \' " and \\ backslash', "emoji 💇 and\nnew line"]
    for i, row in enumerate(rows):
        row.title, row.body = texts[i], f"body {i}" * (i + 1)
        row.data = {**row.data, "count": row.data["count"] + i, "nested": {"list": [i, None, True], "s": texts[i]}}
        row.in_app = bool(i % 2)
    with CaptureQueriesContext(connection) as queries:
        assert update_rows(Notification, rows, ["title", "body", "data", "in_app"],
                           same={"type": "new_request", "subject_id": "", "bumped_at": WHEN}) == 3
    assert len(queries.captured_queries) == 1
    for i, row in enumerate(Notification.objects.filter(pk__in=[r.pk for r in rows]).order_by("pk")):
        assert (row.title, row.body, row.in_app, row.type, row.bumped_at) == (
            texts[i], f"body {i}" * (i + 1), bool(i % 2), "new_request", WHEN)
        assert row.data == {"count": 1 + i, "keep": i, "nested": {"list": [i, None, True], "s": texts[i]}}
        assert row.group_key == f"g{i}"  # a field not named stays
    untouched.refresh_from_db()
    assert (untouched.type, untouched.title, untouched.data) == ("other", "not me", {"x": 1})
    assert all(row.type == "new_request" and row.bumped_at == WHEN for row in rows)  # the instances too


def test_the_same_result_as_bulk_update(users, monkeypatch):
    """The fallback (SQLite before 3.33) and the fast path write the same rows."""
    written = {}
    for fast in (True, False):
        monkeypatch.setattr(bulk, "_supports_update_from", lambda connection, fast=fast: fast)
        rows = _rows(users, 2, key=f"fast{fast}-")
        for i, row in enumerate(rows):
            row.title, row.data, row.in_app = f"t{i}", {"count": 7 + i}, True
        update_rows(Notification, rows, ["title", "data", "in_app"], same={"bumped_at": WHEN})
        written[fast] = [(r.title, r.data, r.in_app, r.bumped_at) for r in
                         Notification.objects.filter(pk__in=[r.pk for r in rows]).order_by("pk")]
    assert written[True] == written[False]


def test_nothing_to_write_is_no_statement(users):
    with CaptureQueriesContext(connection) as queries:
        assert update_rows(Notification, [], ["title"]) == 0
        assert update_rows(Notification, [Notification(user=users[0], title="unsaved")], ["title"]) == 0
    assert queries.captured_queries == []


@pytest.mark.postgres
def test_a_value_too_long_is_refused_not_cut(users):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite does not enforce lengths")
    row = _rows(users, 1)[0]
    row.title = "x" * 201
    with pytest.raises(DataError), transaction.atomic():
        update_rows(Notification, [row], ["title"])
    row.refresh_from_db()
    assert row.title == "old 0"
