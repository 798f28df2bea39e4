"""The OpenAPI schema of what scoring adds to other apps' responses. `client_risk` is a response
field this app registers on appointments at runtime (selectors.appointment_client_risk), so the
appointments serializer cannot list it; this extension adds it to that serializer's schema, so
the SPA's generated types carry it (optional: only the appointment's master and admins who see
users get the key)."""

from drf_spectacular.extensions import OpenApiSerializerExtension
from rest_framework import serializers

from ..types import ClientRiskLevel


class ClientRiskSummarySerializer(serializers.Serializer):
    """A client's risk on an appointment: the level only, never the score or the reasons."""

    level = serializers.ChoiceField(choices=[level.value for level in ClientRiskLevel])


class AppointmentClientRiskExtension(OpenApiSerializerExtension):
    target_class = "apps.appointments.api.serializers.AppointmentSerializer"
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        component = auto_schema.resolve_serializer(ClientRiskSummarySerializer, direction)
        schema["properties"]["client_risk"] = {
            "allOf": [component.ref],
            "readOnly": True,
            "description": "The client's risk level (SPEC 10.2): only for the appointment's master and admins "
                           "who see users; absent for everyone else.",
        }
        return schema
