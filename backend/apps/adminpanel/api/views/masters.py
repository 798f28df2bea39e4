from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.models import MasterProfile
from apps.accounts.services import master_set_status
from apps.common.capabilities import Capability
from apps.common.permissions import require
from apps.common.serializers import parse

from ... import selectors
from ..filters import MasterFilter
from ..serializers import AdminMasterSerializer, MasterStatusReasonSerializer

TAGS = ["admin"]
MASTER_RESPONSES = {200: AdminMasterSerializer, 403: OpenApiResponse(description="Capability missing"),
                    404: OpenApiResponse(description="No such master")}


@extend_schema(tags=TAGS, summary="Masters with status, rating and counts of active and completed work")
class AdminMasterListView(ListAPIView):
    permission_classes = [require(Capability.USERS_VIEW)]
    serializer_class = AdminMasterSerializer
    filterset_class = MasterFilter

    def get_queryset(self):
        return selectors.admin_master_list()


class _MasterStatusView(APIView):
    permission_classes = [require(Capability.MASTERS_MANAGE)]
    target_status: str

    def post(self, request, pk: int):
        data = parse(MasterStatusReasonSerializer, request.data)
        # accounts' service locks the profile, audits, emits the platform event, and the master is
        # notified by the accounts event handler after commit.
        master_set_status(user=selectors.admin_user_get(user_id=pk), actor=request.user, status=self.target_status,
                          reason=data["reason"].strip(), request=request)
        return Response(AdminMasterSerializer(selectors.admin_master_get(user_id=pk)).data)


@extend_schema(tags=TAGS, summary="Activate a master: they see and take new requests (audited, notified)",
               request=MasterStatusReasonSerializer, responses=MASTER_RESPONSES)
class AdminMasterActivateView(_MasterStatusView):
    target_status = MasterProfile.Status.ACTIVE


@extend_schema(tags=TAGS, summary="Suspend a master: no new requests; their active work stays (audited, notified)",
               request=MasterStatusReasonSerializer, responses=MASTER_RESPONSES)
class AdminMasterSuspendView(_MasterStatusView):
    target_status = MasterProfile.Status.SUSPENDED
