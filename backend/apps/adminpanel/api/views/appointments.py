from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.appointments.api.serializers import AppointmentSerializer, ReasonSerializer, SetStatusSerializer
from apps.appointments.selectors import appointment_get_visible
from apps.common.capabilities import Capability
from apps.common.permissions import require
from apps.common.serializers import parse

from ... import selectors, services
from ..filters import AppointmentFilter

TAGS = ["admin"]
TRANSITION_RESPONSES = {200: AppointmentSerializer, 400: OpenApiResponse(description="Invalid input"),
                        403: OpenApiResponse(description="Capability missing"),
                        404: OpenApiResponse(description="No such appointment"),
                        409: OpenApiResponse(description="invalid_transition (with the current status)")}


def _respond(request, appointment) -> Response:
    fresh = appointment_get_visible(appointment_id=appointment.pk, user=request.user)
    return Response(AppointmentSerializer(fresh, context={"request": request}).data)


@extend_schema(tags=TAGS, summary="Every appointment (filters, search, ordering; newest first)")
class AdminAppointmentListView(ListAPIView):
    permission_classes = [require(Capability.APPOINTMENTS_VIEW)]
    serializer_class = AppointmentSerializer
    filterset_class = AppointmentFilter

    def get_queryset(self):
        return selectors.admin_appointment_list(user=self.request.user)


class AdminAppointmentConfirmPaymentView(APIView):
    permission_classes = [require(Capability.PAYMENTS_CONFIRM)]

    @extend_schema(tags=TAGS, summary="Confirm the payment (PAYMENT_PROOF_UPLOADED -> PAID; audited)",
                   request=None, responses=TRANSITION_RESPONSES)
    def post(self, request, pk: int):
        appointment = services.admin_appointment_confirm_payment(appointment_id=pk, actor=request.user,
                                                                 request=request)
        return _respond(request, appointment)


class AdminAppointmentRejectPaymentView(APIView):
    permission_classes = [require(Capability.PAYMENTS_REJECT)]

    @extend_schema(tags=TAGS, summary="Reject the payment proof (-> AWAITING_PAYMENT; audited)",
                   request=ReasonSerializer, responses=TRANSITION_RESPONSES)
    def post(self, request, pk: int):
        data = parse(ReasonSerializer, request.data)
        appointment = services.admin_appointment_reject_payment(appointment_id=pk, actor=request.user,
                                                                reason=data["reason"], request=request)
        return _respond(request, appointment)


class AdminAppointmentSetStatusView(APIView):
    permission_classes = [require(Capability.APPOINTMENTS_MANAGE)]

    @extend_schema(tags=TAGS, summary="Set any status, with a reason (timeline event + audit)",
                   request=SetStatusSerializer, responses=TRANSITION_RESPONSES)
    def post(self, request, pk: int):
        data = parse(SetStatusSerializer, request.data)
        appointment = services.admin_appointment_set_status(appointment_id=pk, actor=request.user,
                                                            request=request, **data)
        return _respond(request, appointment)
