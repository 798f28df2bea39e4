from django.http import StreamingHttpResponse
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.renderers import JSONRenderer

from apps.common.capabilities import Capability
from apps.common.permissions import require

from ...audit.export import audit_csv_lines
from ...audit.selectors import audit_list
from ..filters import AuditFilter
from ..renderers import CSVRenderer, JSONErrorsMixin
from ..serializers import AuditEntrySerializer


@extend_schema(
    tags=["admin: platform"],
    summary="Audit log (newest first)",
    description="Filters combine. `?format=csv` streams every matching entry as CSV (no pagination).",
    responses={(200, "application/json"): AuditEntrySerializer(many=True), (200, "text/csv"): OpenApiTypes.STR},
    parameters=[OpenApiParameter("format", OpenApiTypes.STR, enum=["json", "csv"], required=False)],
)
class AdminAuditListView(JSONErrorsMixin, ListAPIView):
    permission_classes = [require(Capability.AUDIT_VIEW)]
    serializer_class = AuditEntrySerializer
    renderer_classes = [JSONRenderer, CSVRenderer]
    filter_backends = [DjangoFilterBackend]
    filterset_class = AuditFilter

    def get_queryset(self):
        return audit_list()

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format != CSVRenderer.format:
            return super().list(request, *args, **kwargs)
        entries = self.filter_queryset(self.get_queryset())
        response = StreamingHttpResponse(audit_csv_lines(entries), content_type="text/csv; charset=utf-8")
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
        response["Cache-Control"] = "no-store"
        return response
