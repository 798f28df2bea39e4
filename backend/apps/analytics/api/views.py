"""Admin analytics (SPEC 10.3), capability `analytics.view`. Every answer names the reporting zone;
the CSV exports carry the very numbers of the JSON."""

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.common.capabilities import Capability
from apps.common.csv_export import csv_lines
from apps.common.pagination import PageNumberPagination
from apps.common.periods import date_range_from_query
from apps.common.permissions import require
from apps.platform.api.renderers import CSVRenderer, JSONErrorsMixin

from .. import selectors
from .serializers import DailySerializer, FunnelSerializer, MasterPageSerializer, SummarySerializer

RANGE = [
    OpenApiParameter("from", OpenApiTypes.DATE, required=False,
                     description="First day, inclusive (default: 29 days before `to`)."),
    OpenApiParameter("to", OpenApiTypes.DATE, required=False, description="Last day, inclusive (default: today)."),
]
FORMAT = OpenApiParameter("format", OpenApiTypes.STR, enum=["json", "csv"], required=False)
TAGS = ["admin: analytics"]


def _csv(name: str, span, header, rows) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{span.first}-{span.last}.csv"'
    response["Cache-Control"] = "no-store"
    return response


@extend_schema(tags=TAGS, summary="Metrics of a range with the previous range", parameters=RANGE,
               responses=SummarySerializer)
class AnalyticsSummaryView(APIView):
    permission_classes = [require(Capability.ANALYTICS_VIEW)]

    def get(self, request):
        span = date_range_from_query(request.query_params)
        return Response(selectors.summary(span))


@extend_schema(tags=TAGS, summary="Metrics day by day", description="`?format=csv`: the same rows as CSV.",
               parameters=[*RANGE, OpenApiParameter("metrics", OpenApiTypes.STR, required=False,
                                                    description="Comma-separated metric keys (default: all)."),
                           FORMAT],
               responses={(200, "application/json"): DailySerializer, (200, "text/csv"): OpenApiTypes.STR})
class AnalyticsDailyView(JSONErrorsMixin, APIView):
    permission_classes = [require(Capability.ANALYTICS_VIEW)]
    renderer_classes = [JSONRenderer, CSVRenderer]

    def get(self, request):
        span = date_range_from_query(request.query_params)
        keys = selectors.parse_metric_keys(request.query_params.get("metrics"))
        data = selectors.daily(span, keys)
        if request.accepted_renderer.format == CSVRenderer.format:
            header = ["date", *keys]
            return _csv("metrics", span, header, ([row[c] for c in header] for row in data["days"]))
        return Response(data)


@extend_schema(tags=TAGS, summary="Funnel of the requests created in a range", parameters=RANGE,
               responses=FunnelSerializer)
class AnalyticsFunnelView(APIView):
    permission_classes = [require(Capability.ANALYTICS_VIEW)]

    def get(self, request):
        return Response(selectors.funnel(date_range_from_query(request.query_params)))


@extend_schema(tags=TAGS, summary="Masters of a range", description="`?format=csv`: every row as CSV.",
               parameters=[*RANGE, FORMAT],
               responses={(200, "application/json"): MasterPageSerializer,
                          (200, "text/csv"): OpenApiTypes.STR})
class AnalyticsMastersView(JSONErrorsMixin, APIView):
    permission_classes = [require(Capability.ANALYTICS_VIEW)]
    renderer_classes = [JSONRenderer, CSVRenderer]
    pagination_class = PageNumberPagination

    def get(self, request):
        span = date_range_from_query(request.query_params)
        rows = selectors.masters(span)
        if request.accepted_renderer.format == CSVRenderer.format:
            header = list(selectors.MASTER_COLUMNS)
            return _csv("masters", span, header, ([row[c] for c in header] for row in rows))
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(page)
