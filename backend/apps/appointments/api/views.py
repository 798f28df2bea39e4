from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from apps.accounts.throttles import UserScopedRateThrottle
from apps.common.serializers import parse

from .. import selectors, services
from ..downloads import payment_proof_response
from ..models import Appointment
from ..sla import selectors as sla_selectors
from .serializers import (
    AppointmentCreateSerializer,
    AppointmentEventSerializer,
    AppointmentSerializer,
    OptionalProofUploadSerializer,
    OptionalReasonSerializer,
    ProofUploadSerializer,
    ReasonSerializer,
    SetPriceSerializer,
    SlaClockSerializer,
)

STATUS_FILTER = OpenApiParameter("status", str, description="Filter by status; several comma-separated.")
TAGS = ["appointments"]


def _transition_schema(request=None, description: str = ""):
    return extend_schema(
        request=request, responses={200: AppointmentSerializer, 403: OpenApiResponse(description="Not allowed"),
                                    404: OpenApiResponse(description="Not visible"),
                                    409: OpenApiResponse(description="invalid_transition")},
        description=description, tags=TAGS,
    )


class AppointmentViewSet(viewsets.GenericViewSet):
    """Appointments and their lifecycle. Every detail route answers 404 to a caller who may not see
    the appointment, 403 to one who sees it but may not act, 409 on a wrong status."""

    permission_classes = [IsAuthenticated]
    serializer_class = AppointmentSerializer
    queryset = Appointment.objects.none()  # for the schema; reads go through selectors
    lookup_value_regex = r"\d+"

    def get_throttles(self):
        if self.action in ("upload_payment_proof", "mark_paid") and self.request.FILES:
            self.throttle_scope = "uploads"
            return [UserScopedRateThrottle()]
        return super().get_throttles()

    def _respond(self, appointment, status_code=status.HTTP_200_OK) -> Response:
        fresh = selectors.appointment_get_visible(appointment_id=appointment.pk, user=self.request.user)
        return Response(AppointmentSerializer(fresh, context={"request": self.request}).data, status=status_code)

    def _page(self, queryset) -> Response:
        page = self.paginate_queryset(queryset)
        data = AppointmentSerializer(page, many=True, context={"request": self.request}).data
        return self.get_paginated_response(data)

    # --- reads ---------------------------------------------------------------------------------

    @extend_schema(parameters=[STATUS_FILTER], responses=AppointmentSerializer(many=True), tags=TAGS,
                   description="Same as my/.")
    def list(self, request):
        return self._page(selectors.appointment_list_my(user=request.user, filters=request.query_params))

    @extend_schema(parameters=[STATUS_FILTER], responses=AppointmentSerializer(many=True), tags=TAGS,
                   description="Client: own; master: assigned; admin: all. Newest first.")
    @action(detail=False, methods=["get"])
    def my(self, request):
        return self._page(selectors.appointment_list_my(user=request.user, filters=request.query_params))

    @extend_schema(responses=AppointmentSerializer(many=True), tags=TAGS,
                   description="NEW unassigned requests, oldest first (active masters and admins).")
    @action(detail=False, methods=["get"])
    def new(self, request):
        return self._page(selectors.appointment_list_new(user=request.user, filters=request.query_params))

    @extend_schema(parameters=[STATUS_FILTER], responses=AppointmentSerializer(many=True), tags=TAGS,
                   description="Non-terminal appointments the caller takes part in (admins: all).")
    @action(detail=False, methods=["get"])
    def active(self, request):
        return self._page(selectors.appointment_list_active(user=request.user, filters=request.query_params))

    @extend_schema(responses=AppointmentSerializer, tags=TAGS)
    def retrieve(self, request, pk=None):
        appointment = selectors.appointment_get_visible(appointment_id=pk, user=request.user)
        return Response(AppointmentSerializer(appointment, context={"request": request}).data)

    @extend_schema(responses=AppointmentEventSerializer(many=True), tags=TAGS,
                   description="The timeline, oldest first (a plain list).")
    @action(detail=True, methods=["get"], pagination_class=None)
    def events(self, request, pk=None):
        appointment = selectors.appointment_get_visible(appointment_id=pk, user=request.user)
        return Response(AppointmentEventSerializer(selectors.appointment_events(appointment=appointment),
                                                   many=True).data)

    @extend_schema(responses={200: SlaClockSerializer(many=True), 404: OpenApiResponse(description="Not visible")},
                   tags=TAGS, description="Every SLA clock of the appointment, oldest first (a plain list): its "
                                          "master and admins only; anyone else gets 404.")
    @action(detail=True, methods=["get"], pagination_class=None)
    def sla(self, request, pk=None):
        clocks = sla_selectors.appointment_clocks(appointment_id=pk, user=request.user)
        return Response(SlaClockSerializer(clocks, many=True).data)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiResponse(description="The proof file")},
                   tags=TAGS, description="Streams the payment proof to the client owner, the assigned master "
                                          "and admins.")
    @action(detail=True, methods=["get"], url_path="payment-proof", url_name="payment-proof")
    def payment_proof(self, request, pk=None):
        return payment_proof_response(appointment_id=pk, user=request.user)

    # --- writes --------------------------------------------------------------------------------

    @extend_schema(request=AppointmentCreateSerializer, responses={201: AppointmentSerializer}, tags=TAGS)
    def create(self, request):
        data = parse(AppointmentCreateSerializer, request.data)
        appointment = services.appointment_create(client=request.user, **data)
        return self._respond(appointment, status.HTTP_201_CREATED)

    @_transition_schema(description="NEW -> IN_REVIEW; assigns the calling active master.")
    @action(detail=True, methods=["post"])
    def take(self, request, pk=None):
        return self._respond(services.appointment_take(appointment_id=pk, actor=request.user))

    @_transition_schema(SetPriceSerializer, "IN_REVIEW -> AWAITING_PAYMENT.")
    @action(detail=True, methods=["post"], url_path="set-price")
    def set_price(self, request, pk=None):
        data = parse(SetPriceSerializer, request.data)
        return self._respond(services.appointment_set_price(appointment_id=pk, actor=request.user, **data))

    @_transition_schema({"multipart/form-data": ProofUploadSerializer},
                        "Attach or replace the proof (AWAITING_PAYMENT or PAYMENT_PROOF_UPLOADED).")
    @action(detail=True, methods=["post"], url_path="upload-payment-proof")
    def upload_payment_proof(self, request, pk=None):
        data = parse(ProofUploadSerializer, request.data)
        return self._respond(services.appointment_upload_proof(appointment_id=pk, actor=request.user,
                                                               upload=data["file"]))

    @_transition_schema({"multipart/form-data": OptionalProofUploadSerializer},
                        "AWAITING_PAYMENT -> PAYMENT_PROOF_UPLOADED (proof attached, or `file` now).")
    @action(detail=True, methods=["post"], url_path="mark-paid")
    def mark_paid(self, request, pk=None):
        data = parse(OptionalProofUploadSerializer, request.data)
        return self._respond(services.appointment_mark_paid(appointment_id=pk, actor=request.user,
                                                            upload=data.get("file")))

    @_transition_schema(description="PAYMENT_PROOF_UPLOADED -> PAID.")
    @action(detail=True, methods=["post"], url_path="confirm-payment")
    def confirm_payment(self, request, pk=None):
        return self._respond(services.appointment_confirm_payment(appointment_id=pk, actor=request.user))

    @_transition_schema(ReasonSerializer, "PAYMENT_PROOF_UPLOADED -> AWAITING_PAYMENT.")
    @action(detail=True, methods=["post"], url_path="reject-payment")
    def reject_payment(self, request, pk=None):
        data = parse(ReasonSerializer, request.data)
        return self._respond(services.appointment_reject_payment(appointment_id=pk, actor=request.user, **data))

    @_transition_schema(description="PAID -> IN_PROGRESS.")
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self._respond(services.appointment_start(appointment_id=pk, actor=request.user))

    @_transition_schema(description="IN_PROGRESS -> COMPLETED.")
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        return self._respond(services.appointment_complete(appointment_id=pk, actor=request.user))

    @_transition_schema(ReasonSerializer, "IN_REVIEW or AWAITING_PAYMENT -> DECLINED_BY_MASTER.")
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        data = parse(ReasonSerializer, request.data)
        return self._respond(services.appointment_decline(appointment_id=pk, actor=request.user, **data))

    @_transition_schema(OptionalReasonSerializer, "NEW, IN_REVIEW or AWAITING_PAYMENT -> CANCELLED.")
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        data = parse(OptionalReasonSerializer, request.data)
        return self._respond(services.appointment_cancel(appointment_id=pk, actor=request.user, **data))
