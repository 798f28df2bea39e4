from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework.generics import ListAPIView

from apps.common.capabilities import Capability
from apps.common.permissions import require

from ...events.selectors import event_list
from ..filters import EventFilter
from ..serializers import EventSerializer


@extend_schema(tags=["admin: platform"], summary="Platform event log (newest first)")
class AdminEventListView(ListAPIView):
    permission_classes = [require(Capability.EVENTS_VIEW)]
    serializer_class = EventSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = EventFilter

    def get_queryset(self):
        return event_list()
