"""`client_risk` on appointments is in the OpenAPI schema (so the SPA's generated types carry it),
optional and read-only, as the level only, matching what the API answers."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from apps.scoring.types import ClientRiskLevel

pytestmark = pytest.mark.django_db


def test_the_appointment_schema_lists_client_risk_as_an_optional_level():
    schemas = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]
    appointment = schemas["Appointment"]
    risk = appointment["properties"]["client_risk"]
    assert risk["readOnly"] is True
    assert risk["allOf"] == [{"$ref": "#/components/schemas/ClientRiskSummary"}]
    assert "client_risk" not in appointment.get("required", [])  # absent for clients
    summary = schemas["ClientRiskSummary"]
    assert list(summary["properties"]) == ["level"] and summary["required"] == ["level"]
    level = summary["properties"]["level"]
    enum = schemas[level["$ref"].rsplit("/", 1)[1]]["enum"] if "$ref" in level else level["enum"]
    assert enum == [lv.value for lv in ClientRiskLevel]
