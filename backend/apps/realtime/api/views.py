from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.throttles import UserScopedRateThrottle

from ..tickets import ticket_issue
from .serializers import RealtimeTicketSerializer


def _socket_url(request) -> str | None:
    """Without nginx (`make run`) the websocket server listens on a port of its own, on this host."""
    port = settings.REALTIME_WS_PORT
    if not port:
        return None
    host = request.get_host().rsplit(":", 1)[0] if not request.get_host().endswith("]") else request.get_host()
    scheme = "wss" if request.is_secure() else "ws"
    return f"{scheme}://{host}:{port}/ws/"


class TicketView(APIView):
    """A one-time ticket (60 s) for opening the realtime websocket (a browser's websocket can't send
    the bearer header)."""

    permission_classes = [IsAuthenticated]
    throttle_classes = [UserScopedRateThrottle]
    throttle_scope = "realtime_ticket"

    @extend_schema(tags=["realtime"], summary="A websocket ticket", request=None,
                   responses={200: RealtimeTicketSerializer})
    def post(self, request):
        data = {"ticket": ticket_issue(user=request.user), "expires_in": settings.REALTIME_TICKET_SECONDS,
                "url": _socket_url(request)}
        return Response(RealtimeTicketSerializer(data).data)
