"""The orjson renderer writes exactly what DRF's JSONRenderer writes, and the API uses it."""

import datetime
import decimal
import uuid
from collections import OrderedDict
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from apps.accounts.models import User
from apps.appointments.models import Appointment
from apps.common.renderers import ORJSONRenderer

UTC = datetime.UTC
MOSCOW = ZoneInfo("Europe/Moscow")

PAYLOADS = [
    {},
    [],
    {"id": 1, "title": "Стрижка", "price": "1500.00", "ok": True, "none": None, "ratio": 0.25},
    {"text": "line\u2028separator\u2029paragraph", "emoji": "💇‍♀️", "quote": '"\\/\n\t'},
    {"at": datetime.datetime(2026, 3, 1, 12, 30, 5, 123456, tzinfo=UTC),
     "at_msk": datetime.datetime(2026, 3, 1, 12, 30, tzinfo=MOSCOW),
     "naive": datetime.datetime(2026, 3, 1, 12, 30, 5), "day": datetime.date(2026, 3, 1),
     "time": datetime.time(9, 15, 30, 500), "span": datetime.timedelta(hours=1, seconds=3)},
    {"decimal": decimal.Decimal("12.50"), "uuid": uuid.UUID("12345678-1234-5678-1234-567812345678"),
     "lazy": gettext_lazy("Not found."), "bytes": b"abc", "tuple": (1, 2, (3,)), "set_like": frozenset()},
    ReturnDict(OrderedDict([("b", 1), ("a", [ReturnList([{"x": 1}], serializer=None)])]), serializer=None),
    {"big": 2**70, "negative": -(2**63)},
    {1: "int key", "nested": {"deep": [[[{"k": "v"}]]]}},
    [1.5, -0.0, 0.001, 4.67, 3.141592653589793, 123456789.125, 10**15],
]


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_same_bytes_as_drf(payload):
    assert ORJSONRenderer().render(payload) == JSONRenderer().render(payload)


def test_exponent_floats_same_numbers():
    """Floats that print with an exponent are the only bytes that may differ (1e-07 vs 1e-7): the
    same number. The API's floats (ratings) never get there."""
    import json

    payload = [1e-07, 1.5e16, -2.5e-300]
    assert json.loads(ORJSONRenderer().render(payload)) == json.loads(JSONRenderer().render(payload)) == payload


def test_none_and_indent_as_drf():
    assert ORJSONRenderer().render(None) == b""
    payload = {"a": [1, {"b": "в"}]}
    media_type = "application/json; indent=2"
    assert (ORJSONRenderer().render(payload, media_type) == JSONRenderer().render(payload, media_type)
            == b'{\n  "a": [\n    1,\n    {\n      "b": "\xd0\xb2"\n    }\n  ]\n}')


def test_errors_as_drf():
    """What DRF refuses, this refuses the same way (a timezone-aware time has no JSON form)."""
    with pytest.raises(ValueError, match="timezone-aware"):
        JSONRenderer().render({"t": datetime.time(1, 2, tzinfo=UTC)})
    with pytest.raises(ValueError, match="timezone-aware"):
        ORJSONRenderer().render({"t": datetime.time(1, 2, tzinfo=UTC)})


@pytest.fixture
def demo(db, settings, tmp_path):
    call_command("seed_demo", "--scale", "1", stdout=open(tmp_path / "out.txt", "w"))  # noqa: SIM115


ENDPOINTS = {
    "demo_admin1": ["/api/v1/appointments/my/?page_size=100", "/api/v1/admin/appointments/?page_size=100",
                    "/api/v1/admin/users/all/?page_size=100", "/api/v1/admin/masters/", "/api/v1/admin/events/",
                    "/api/v1/admin/audit/", "/api/v1/admin/reviews/", "/api/v1/admin/flags/",
                    "/api/v1/admin/system/status/", "/api/v1/dashboard/", "/api/v1/me/",
                    "/api/v1/appointments/{appointment}/", "/api/v1/appointments/{appointment}/events/",
                    "/api/v1/appointments/{appointment}/messages/", "/api/v1/appointments/{appointment}/reviews/",
                    "/api/v1/notifications/", "/api/v1/appointments/999999/", "/api/v1/appointments/my/?status=X"],
    "demo_master1": ["/api/v1/appointments/my/?page_size=100", "/api/v1/appointments/new/", "/api/v1/dashboard/",
                     "/api/v1/masters/{master}/", "/api/v1/masters/{master}/reviews/", "/api/v1/me/"],
    "demo_client1": ["/api/v1/appointments/my/?page_size=100", "/api/v1/dashboard/", "/api/v1/me/",
                     "/api/v1/notifications/", "/api/v1/site/", "/api/v1/flags/"],
}


def test_api_answers_are_drf_bytes(demo, as_user):
    """Every answer of the API (lists, details, dashboards, errors) is rendered by ORJSONRenderer
    and is byte for byte what DRF's JSONRenderer makes of the same data."""
    chatty = Appointment.objects.filter(messages__isnull=False, master__isnull=False).first()
    ids = {"appointment": chatty.pk, "master": chatty.master_id}
    checked = 0
    for username, paths in ENDPOINTS.items():
        api = as_user(User.objects.get(username=username))
        for template in paths:
            path = template.format(**ids)
            response = api.get(path)
            assert response.status_code < 500, (path, response.status_code)
            # the audit log names its renderers itself (JSON or CSV export): DRF's, the same bytes
            expected = JSONRenderer if path.startswith("/api/v1/admin/audit/") else ORJSONRenderer
            assert type(response.accepted_renderer) is expected, path
            assert response.content == JSONRenderer().render(response.data), path
            checked += 1
    assert checked == sum(len(p) for p in ENDPOINTS.values())
