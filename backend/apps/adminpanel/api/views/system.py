from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.api.serializers import SiteSettingsSerializer
from apps.accounts.models import SiteSettings
from apps.accounts.services import site_settings_update
from apps.common.capabilities import Capability
from apps.common.permissions import require
from apps.common.serializers import parse

from ... import services
from ...actions import actions_described
from ...system import system_status
from ..serializers import ActionSerializer, RunActionResultSerializer, RunActionSerializer, SystemStatusSerializer

TAGS = ["admin: system"]


class SystemStatusView(APIView):
    permission_classes = [require(Capability.SYSTEM_STATUS)]

    @extend_schema(tags=TAGS, summary="Version, database, migrations, cache, broker, counts, job heartbeats",
                   responses=SystemStatusSerializer)
    def get(self, request):
        return Response(system_status())


class SystemSettingsView(APIView):
    permission_classes = [require(Capability.SYSTEM_SETTINGS)]

    @extend_schema(tags=TAGS, summary="Site settings", responses=SiteSettingsSerializer)
    def get(self, request):
        return Response(SiteSettingsSerializer(SiteSettings.load()).data)

    def _update(self, request, *, partial: bool) -> Response:
        data = parse(SiteSettingsSerializer, request.data, partial=partial)
        row = site_settings_update(actor=request.user, data=data, request=request)
        return Response(SiteSettingsSerializer(row).data)

    @extend_schema(tags=TAGS, summary="Replace the site settings (validated; audited)",
                   request=SiteSettingsSerializer,
                   responses={200: SiteSettingsSerializer, 400: OpenApiResponse(description="Invalid value")})
    def put(self, request):
        return self._update(request, partial=False)

    @extend_schema(tags=TAGS, summary="Change some site settings (validated; audited)",
                   request=SiteSettingsSerializer,
                   responses={200: SiteSettingsSerializer, 400: OpenApiResponse(description="Invalid value")})
    def patch(self, request):
        return self._update(request, partial=True)


class RunActionView(APIView):
    permission_classes = [require(Capability.SYSTEM_ACTIONS)]

    @extend_schema(tags=TAGS, summary="The actions that can be run, with their params",
                   responses=ActionSerializer(many=True))
    def get(self, request):
        return Response(actions_described())

    @extend_schema(tags=TAGS, summary="Run an allowlisted maintenance action (audited)",
                   description="Unknown action -> 400 `unknown_action`; bad params -> 400. A failing action "
                               "answers 200 with `ok: false` and the error in `result`.",
                   request=RunActionSerializer,
                   responses={200: RunActionResultSerializer, 400: OpenApiResponse(description="unknown_action")})
    def post(self, request):
        data = parse(RunActionSerializer, request.data)
        return Response(services.admin_action_run(actor=request.user, request=request, **data))
