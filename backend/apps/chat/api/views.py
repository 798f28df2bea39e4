from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.throttles import UserScopedRateThrottle
from apps.common.serializers import parse

from .. import selectors, services
from ..models import Message
from .pagination import MessageCursorPagination
from .serializers import (
    MarkReadSerializer,
    MessageCreateSerializer,
    MessageDeleteSerializer,
    MessageListQuerySerializer,
    MessageSerializer,
    ModeratedMessageSerializer,
    ReadStateSerializer,
)

TAGS = ["chat"]
NOT_PARTICIPANT = OpenApiResponse(description="Not a participant of this appointment's chat")


class AppointmentMessagesView(GenericAPIView):
    """The chat of one appointment: its client, its assigned master and admins; 404 for anyone else."""

    permission_classes = [IsAuthenticated]
    serializer_class = MessageSerializer
    pagination_class = MessageCursorPagination
    queryset = Message.objects.none()  # for the schema; reads go through selectors

    def get_throttles(self):
        if self.request.method == "POST":
            self.throttle_scope = "messages"
            return [UserScopedRateThrottle()]
        return []

    @extend_schema(
        tags=TAGS, summary="Messages, oldest first (cursor-paginated)",
        parameters=[OpenApiParameter("after", int, description="Only messages newer than this message id.")],
        responses={200: MessageSerializer(many=True), 404: NOT_PARTICIPANT},
    )
    def get(self, request, pk: int):
        query = parse(MessageListQuerySerializer, request.query_params)
        appointment = selectors.chat_appointment_get(appointment_id=pk, user=request.user)
        page = self.paginate_queryset(selectors.message_list(appointment=appointment, after=query.get("after")))
        return self.get_paginated_response(MessageSerializer(page, many=True).data)

    @extend_schema(tags=TAGS, summary="Post a message", request=MessageCreateSerializer,
                   responses={201: MessageSerializer, 404: NOT_PARTICIPANT})
    def post(self, request, pk: int):
        data = parse(MessageCreateSerializer, request.data)
        message = services.message_send(appointment_id=pk, sender=request.user, text=data["text"])
        return Response(MessageSerializer(message).data, status=status.HTTP_201_CREATED)


class MessageDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=TAGS, summary="One message; moderators also see the original of a deleted one",
                   responses={200: ModeratedMessageSerializer, 404: NOT_PARTICIPANT})
    def get(self, request, pk: int):
        message = selectors.message_get_for(message_id=pk, user=request.user)
        serializer = ModeratedMessageSerializer if selectors.may_moderate(request.user) else MessageSerializer
        return Response(serializer(message).data)

    @extend_schema(tags=TAGS, summary="Delete a message (soft): the sender, or a moderator",
                   request=MessageDeleteSerializer,
                   responses={204: None, 403: OpenApiResponse(description="Neither the sender nor a moderator"),
                              404: NOT_PARTICIPANT})
    def delete(self, request, pk: int):
        data = parse(MessageDeleteSerializer, request.data)
        services.message_delete(message_id=pk, actor=request.user, reason=data["reason"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class MarkReadView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=TAGS, summary="Mark the chat read (up to the newest message or `message_id`)",
                   request=MarkReadSerializer, responses={200: ReadStateSerializer, 404: NOT_PARTICIPANT})
    def post(self, request, pk: int):
        data = parse(MarkReadSerializer, request.data)
        result = services.chat_mark_read(appointment_id=pk, user=request.user, message_id=data["message_id"])
        return Response(ReadStateSerializer(result).data)
