from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.common.serializers import parse

from ...notifications import selectors, services
from ...notifications.models import Notification
from ..serializers import (
    InboxQuerySerializer,
    MarkAllReadSerializer,
    NotificationSerializer,
    PreferencesSerializer,
    PreferencesUpdateSerializer,
    UnreadCountSerializer,
)

TAGS = ["notifications"]


@extend_schema(tags=TAGS, summary="The caller's inbox, most recent first",
               parameters=[OpenApiParameter("unread", bool, required=False,
                                            description="true: only unread; false: only read")])
class NotificationListView(ListAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = NotificationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Notification.objects.none()
        query = parse(InboxQuerySerializer, self.request.query_params)
        return selectors.inbox_for(user=self.request.user, unread=query["unread"])


class UnreadCountView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=TAGS, summary="How many notifications the caller has not read",
                   responses=UnreadCountSerializer)
    def get(self, request):
        return Response({"count": selectors.unread_count_for(user=request.user)})


class NotificationReadView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=TAGS, summary="Mark one notification read", request=None, responses=NotificationSerializer)
    def post(self, request, pk: int):
        notification = services.notification_mark_read(user=request.user, notification_id=pk)
        return Response(NotificationSerializer(notification).data)


class ReadAllView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=TAGS, summary="Mark every notification read", request=None, responses=MarkAllReadSerializer)
    def post(self, request):
        return Response({"updated": services.notifications_mark_all_read(user=request.user)})


class PreferencesView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=TAGS, summary="Notification switches per type and channel", responses=PreferencesSerializer)
    def get(self, request):
        return Response(selectors.preferences_overview(user=request.user))

    @extend_schema(tags=TAGS, summary="Change notification switches (critical types stay on)",
                   request=PreferencesUpdateSerializer, responses=PreferencesSerializer)
    def put(self, request):
        data = parse(PreferencesUpdateSerializer, request.data)
        services.preferences_update(user=request.user, preferences=data["preferences"])
        return Response(selectors.preferences_overview(user=request.user))
