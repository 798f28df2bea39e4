"""The SLA's admin screens (mounted in apps/adminpanel/api/urls.py): the policy, the breaches (+ CSV)
and the per-stage report."""

import django_filters
from django.http import StreamingHttpResponse
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.common.capabilities import Capability
from apps.common.csv_export import csv_lines
from apps.common.filters import DateBoundFilter, UserIdFilter
from apps.common.periods import date_range_from_query
from apps.common.permissions import require
from apps.common.serializers import parse
from apps.platform.api.renderers import CSVRenderer, JSONErrorsMixin

from ..models import SlaClock, SlaStage
from ..sla import policy as sla_policy
from ..sla import selectors as sla_selectors

TAGS = ["admin: sla"]


class AdminSlaPolicyView(APIView):
    permission_classes = [require(Capability.SYSTEM_SETTINGS)]

    @extend_schema(tags=TAGS, summary="The SLA policy in force", responses=sla_policy.SlaPolicySerializer)
    def get(self, request):
        return Response(sla_policy.policy_current().as_dict())

    @extend_schema(tags=TAGS, summary="Save a new SLA policy version (validated, audited with the diff)",
                   description="The whole policy. A stage left out or null has no clock. Applies to clocks that "
                               "start after it; running clocks keep their target.",
                   request=sla_policy.SlaPolicySerializer, responses=sla_policy.SlaPolicySerializer)
    def put(self, request):
        data = parse(sla_policy.SlaPolicySerializer, request.data)
        return Response(sla_policy.policy_update(actor=request.user, data=data, request=request).as_dict())


class SlaBreachSerializer(serializers.ModelSerializer):
    appointment_title = serializers.CharField(source="appointment.title")
    appointment_status = serializers.CharField(source="appointment.status")
    master_name = serializers.SerializerMethodField()

    class Meta:
        model = SlaClock
        fields = ["id", "appointment_id", "appointment_title", "appointment_status", "stage", "cycle", "master_id",
                  "master_name", "target_minutes", "business_hours", "started_at", "due_at", "breached_at",
                  "stopped_at", "state", "policy_version"]
        read_only_fields = fields

    def get_master_name(self, clock) -> str | None:
        return clock.master.public_name if clock.master_id else None


class BreachFilter(django_filters.FilterSet):
    stage = django_filters.ChoiceFilter(choices=SlaStage.choices, help_text="One stage.")
    master = UserIdFilter(field_name="master_id", help_text="The master's user id.")
    # `from`/`to` are keywords in Python: declared under their query names below.
    date_from = DateBoundFilter(field_name="breached_at", lookup_expr="gte",
                                help_text="Breached on or after this date (YYYY-MM-DD) or ISO date-time.")
    date_to = DateBoundFilter(field_name="breached_at", lookup_expr="lte", end_of_day=True,
                              help_text="Breached on or before this date (the whole day) or ISO date-time.")

    class Meta:
        model = SlaClock
        fields = ["stage", "master"]

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = data.copy()
            for name, field in (("from", "date_from"), ("to", "date_to")):
                if name in data:
                    data[field] = data.pop(name)[-1] if hasattr(data, "getlist") else data.pop(name)
        super().__init__(data, *args, **kwargs)


CSV_COLUMNS = ["appointment_id", "title", "stage", "cycle", "master_id", "master", "target_minutes",
               "business_hours", "started_at", "due_at", "breached_at", "stopped_at"]


def _csv_row(clock: SlaClock) -> list:
    return [clock.appointment_id, clock.appointment.title, clock.stage, clock.cycle, clock.master_id,
            clock.master.public_name if clock.master_id else "", clock.target_minutes, clock.business_hours,
            clock.started_at.isoformat(), clock.due_at.isoformat(), clock.breached_at.isoformat(),
            clock.stopped_at.isoformat() if clock.stopped_at else ""]


@extend_schema(
    tags=TAGS, summary="SLA breaches (newest first)",
    description="`?stage=&master=&from=&to=` combine (`from`/`to`: days or ISO date-times, on the breach time). "
                "`?format=csv` streams every matching breach as CSV (formula-escaped, no pagination).",
    responses={(200, "application/json"): SlaBreachSerializer(many=True), (200, "text/csv"): OpenApiTypes.STR},
    parameters=[OpenApiParameter("format", OpenApiTypes.STR, enum=["json", "csv"], required=False),
                OpenApiParameter("from", OpenApiTypes.STR, required=False, description="Breached on or after."),
                OpenApiParameter("to", OpenApiTypes.STR, required=False, description="Breached on or before.")],
)
class AdminSlaBreachListView(JSONErrorsMixin, ListAPIView):
    permission_classes = [require(Capability.APPOINTMENTS_VIEW)]
    serializer_class = SlaBreachSerializer
    renderer_classes = [JSONRenderer, CSVRenderer]
    filter_backends = [DjangoFilterBackend]
    filterset_class = BreachFilter

    def get_queryset(self):
        return sla_selectors.breaches_list()

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format != CSVRenderer.format:
            return super().list(request, *args, **kwargs)
        clocks = self.filter_queryset(self.get_queryset()).iterator(chunk_size=2000)
        response = StreamingHttpResponse(csv_lines(CSV_COLUMNS, (_csv_row(c) for c in clocks)),
                                         content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="sla-breaches-{timezone.now():%Y%m%d-%H%M%S}.csv"'
        response["Cache-Control"] = "no-store"
        return response


class SlaReportRowSerializer(serializers.Serializer):
    stage = serializers.CharField()
    total = serializers.IntegerField()
    met = serializers.IntegerField()
    breached = serializers.IntegerField()
    hit_rate = serializers.FloatField(allow_null=True, help_text="met / total (null without clocks)")
    p50_minutes = serializers.FloatField(allow_null=True)
    p90_minutes = serializers.FloatField(allow_null=True)


class SlaReportSerializer(serializers.Serializer):
    range = serializers.DictField(child=serializers.DateField())
    stages = SlaReportRowSerializer(many=True)


class AdminSlaReportView(APIView):
    permission_classes = [require(Capability.APPOINTMENTS_VIEW)]

    @extend_schema(tags=TAGS, summary="SLA per stage over a date range",
                   description="Clocks that ended (met or breached) or breached in `?from&to` (days, reporting zone; "
                               "default the last 30). Durations are wall-clock minutes from start to stop.",
                   parameters=[OpenApiParameter("from", OpenApiTypes.DATE, required=False),
                               OpenApiParameter("to", OpenApiTypes.DATE, required=False)],
                   responses=SlaReportSerializer)
    def get(self, request):
        span = date_range_from_query(request.query_params)
        return Response({"range": span.as_dict(), "stages": sla_selectors.sla_report(span=span)})
