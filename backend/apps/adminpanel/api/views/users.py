from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.common.capabilities import Capability
from apps.common.permissions import require
from apps.common.serializers import parse

from ... import selectors, services
from ..filters import AllUserFilter, UserFilter
from ..serializers import AdminUserSerializer, BanSerializer, RoleChangeSerializer, UnbanSerializer

TAGS = ["admin"]
USER_RESPONSES = {200: AdminUserSerializer, 400: OpenApiResponse(description="Invalid input"),
                  403: OpenApiResponse(description="Capability missing, or the target is an admin"),
                  404: OpenApiResponse(description="No such user"),
                  409: OpenApiResponse(description="last_super_admin")}


@extend_schema(tags=TAGS, summary="Clients and masters (newest first)")
class AdminUserListView(ListAPIView):
    permission_classes = [require(Capability.USERS_VIEW)]
    serializer_class = AdminUserSerializer
    filterset_class = UserFilter

    def get_queryset(self):
        return selectors.admin_user_list(include_admins=False)


@extend_schema(tags=TAGS, summary="Every user, admins included (newest first)")
class AdminAllUserListView(AdminUserListView):
    filterset_class = AllUserFilter

    def get_queryset(self):
        return selectors.admin_user_list(include_admins=True)


class AdminUserBanView(APIView):
    permission_classes = [require(Capability.USERS_BAN)]

    @extend_schema(tags=TAGS, summary="Ban: refused everywhere at once, refresh tokens revoked (audited)",
                   request=BanSerializer, responses=USER_RESPONSES)
    def post(self, request, pk: int):
        data = parse(BanSerializer, request.data)
        user = services.admin_user_ban(user_id=pk, actor=request.user, reason=data["reason"], request=request)
        return Response(AdminUserSerializer(selectors.admin_user_get(user_id=user.pk)).data)


class AdminUserUnbanView(APIView):
    permission_classes = [require(Capability.USERS_BAN)]

    @extend_schema(tags=TAGS, summary="Lift a ban (audited; old refresh tokens stay revoked)",
                   request=UnbanSerializer, responses=USER_RESPONSES)
    def post(self, request, pk: int):
        data = parse(UnbanSerializer, request.data)
        user = services.admin_user_unban(user_id=pk, actor=request.user, reason=data["reason"], request=request)
        return Response(AdminUserSerializer(selectors.admin_user_get(user_id=user.pk)).data)


class AdminUserRoleView(APIView):
    permission_classes = [require(Capability.USERS_ROLES)]

    @extend_schema(tags=TAGS, summary="Change the role (and admin sub-role; audited)",
                   description="A user made master gets a pending master profile. The last super admin "
                               "can't be demoted (409 last_super_admin).",
                   request=RoleChangeSerializer, responses=USER_RESPONSES)
    def post(self, request, pk: int):
        data = parse(RoleChangeSerializer, request.data)
        user = services.admin_user_change_role(user_id=pk, actor=request.user, request=request, **data)
        return Response(AdminUserSerializer(selectors.admin_user_get(user_id=user.pk)).data)
