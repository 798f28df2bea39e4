"""Admin endpoints of scores (SPEC 10.2), mounted in adminpanel/api/urls.py: read with `users.view`,
override with `users.ban`."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.common.capabilities import Capability
from apps.common.permissions import require
from apps.common.serializers import parse

from .. import selectors, services
from ..models import ScoreSnapshot
from ..types import ScoreKind
from .serializers import OverrideClearSerializer, RiskOverrideInputSerializer, ScoreSerializer, SnapshotSerializer

TAGS = ["admin"]
RESPONSES = {200: ScoreSerializer, 403: OpenApiResponse(description="Capability missing"),
             404: OpenApiResponse(description="No such client (risk) or master (performance)")}


class _ScoreView(APIView):
    permission_classes = [require(Capability.USERS_VIEW)]
    kind: str = ""

    def get(self, request, pk: int):
        return Response(ScoreSerializer(selectors.score_get(user_id=pk, kind=self.kind)).data)


@extend_schema(tags=TAGS, summary="A client's risk: score, level, the reasons that add up to it, override",
               responses=RESPONSES)
class AdminUserRiskView(_ScoreView):
    kind = ScoreKind.CLIENT_RISK


@extend_schema(tags=TAGS, summary="A master's performance: score, level, the reasons that add up to it",
               responses=RESPONSES)
class AdminMasterPerformanceView(_ScoreView):
    kind = ScoreKind.MASTER_PERFORMANCE


class _HistoryView(ListAPIView):
    permission_classes = [require(Capability.USERS_VIEW)]
    serializer_class = SnapshotSerializer
    kind: str = ""

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ScoreSnapshot.objects.none()
        return selectors.score_history(user_id=self.kwargs["pk"], kind=self.kind)


@extend_schema(tags=TAGS, summary="A client's risk by day (newest first)")
class AdminUserRiskHistoryView(_HistoryView):
    kind = ScoreKind.CLIENT_RISK


@extend_schema(tags=TAGS, summary="A master's performance by day (newest first)")
class AdminMasterPerformanceHistoryView(_HistoryView):
    kind = ScoreKind.MASTER_PERFORMANCE


class AdminUserRiskOverrideView(APIView):
    permission_classes = [require(Capability.USERS_BAN)]
    kind = ScoreKind.CLIENT_RISK

    @extend_schema(tags=TAGS, summary="Set the risk level by hand, with a reason and maybe an expiry (audited)",
                   request=RiskOverrideInputSerializer,
                   responses={**RESPONSES, 400: OpenApiResponse(description="Invalid input")})
    def post(self, request, pk: int):
        data = parse(RiskOverrideInputSerializer, request.data)
        services.score_override_set(user_id=pk, kind=self.kind, level=data["level"], reason=data["reason"],
                                    expires_at=data["expires_at"], actor=request.user)
        return Response(ScoreSerializer(selectors.score_get(user_id=pk, kind=self.kind)).data)

    @extend_schema(tags=TAGS, summary="Remove the manual risk level (audited)", request=OverrideClearSerializer,
                   responses={**RESPONSES, 404: OpenApiResponse(description="No such client, or no_override")})
    def delete(self, request, pk: int):
        data = parse(OverrideClearSerializer, request.data or {})
        selectors.score_get(user_id=pk, kind=self.kind)  # 404 for a user without a risk score
        services.score_override_clear(user_id=pk, kind=self.kind, actor=request.user, reason=data["reason"])
        return Response(ScoreSerializer(selectors.score_get(user_id=pk, kind=self.kind)).data)
