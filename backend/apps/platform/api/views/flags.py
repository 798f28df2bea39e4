from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.common.capabilities import Capability
from apps.common.errors import NotFound
from apps.common.permissions import require
from apps.common.serializers import parse

from ...flags import services
from ...flags.selectors import flag_get, flag_list
from ..serializers import FeatureFlagCreateSerializer, FeatureFlagSerializer, FeatureFlagWriteSerializer


class FlagsView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["platform"], summary="Every feature flag evaluated for the caller",
        responses={200: {"type": "object", "additionalProperties": {"type": "boolean"}}},
        description="`{key: bool}`. Anonymous callers get the flags that are on for everyone.",
    )
    def get(self, request):
        return Response(services.flags_for(user=request.user))


class AdminFlagListView(GenericAPIView):
    permission_classes = [require(Capability.FLAGS_MANAGE)]
    serializer_class = FeatureFlagSerializer

    def get_queryset(self):
        return flag_list()

    @extend_schema(tags=["admin: platform"], summary="Feature flags", responses=FeatureFlagSerializer(many=True))
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(FeatureFlagSerializer(page, many=True).data)

    @extend_schema(tags=["admin: platform"], summary="Create a feature flag (audited)",
                   request=FeatureFlagCreateSerializer, responses={201: FeatureFlagSerializer})
    def post(self, request):
        data = parse(FeatureFlagCreateSerializer, request.data)
        flag = services.flag_create(actor=request.user, request=request, **data)
        return Response(FeatureFlagSerializer(flag_get(key=flag.key)).data, status=status.HTTP_201_CREATED)


class AdminFlagDetailView(APIView):
    permission_classes = [require(Capability.FLAGS_MANAGE)]

    def _get(self, key: str):
        flag = flag_get(key=key)
        if flag is None:
            raise NotFound("No such flag.")
        return flag

    @extend_schema(tags=["admin: platform"], summary="A feature flag", responses=FeatureFlagSerializer)
    def get(self, request, key: str):
        return Response(FeatureFlagSerializer(self._get(key)).data)

    @extend_schema(tags=["admin: platform"], summary="Change a feature flag (audited)",
                   request=FeatureFlagWriteSerializer, responses=FeatureFlagSerializer)
    def patch(self, request, key: str):
        data = parse(FeatureFlagWriteSerializer, request.data, partial=True)
        services.flag_update(key=key, actor=request.user, data=data, request=request)
        return Response(FeatureFlagSerializer(self._get(key)).data)

    @extend_schema(tags=["admin: platform"], summary="Delete a feature flag (audited)", responses={204: None})
    def delete(self, request, key: str):
        services.flag_delete(key=key, actor=request.user, request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)
