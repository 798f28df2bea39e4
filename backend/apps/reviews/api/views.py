from django.utils.translation import get_language_from_request
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.common.capabilities import Capability
from apps.common.permissions import require
from apps.common.serializers import parse

from .. import selectors, services
from ..models import Review
from ..types import ReviewDirection
from .filters import ReviewAdminFilter
from .serializers import (
    DIRECTION_INPUT,
    AdminReviewSerializer,
    AppointmentReviewsSerializer,
    MasterPublicSerializer,
    ModerationReasonSerializer,
    PublicReviewSerializer,
    ReviewClientInputSerializer,
    ReviewMasterInputSerializer,
    ReviewSerializer,
)

TAGS = ["reviews"]
ADMIN_TAGS = ["admin: reviews"]
ERRORS = {
    400: OpenApiResponse(description="Invalid rating, comment or flag"),
    403: OpenApiResponse(description="Not the side that leaves this review"),
    404: OpenApiResponse(description="Not visible"),
    409: OpenApiResponse(description="already_reviewed, review_not_allowed (not COMPLETED) or review_window_closed"),
}


class _LeaveReviewView(APIView):
    permission_classes = [IsAuthenticated]
    direction: ReviewDirection

    def post(self, request, pk: int):
        data = parse(DIRECTION_INPUT[self.direction], request.data)
        review = services.review_leave(appointment_id=pk, author=request.user, direction=self.direction, **data)
        return Response(ReviewSerializer(review).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS, summary="The client reviews the master (once, after COMPLETED)",
               request=ReviewMasterInputSerializer, responses={201: ReviewSerializer, **ERRORS})
class ReviewMasterView(_LeaveReviewView):
    direction = ReviewDirection.CLIENT_TO_MASTER


@extend_schema(tags=TAGS, summary="The master reviews the client (once, after COMPLETED)",
               request=ReviewClientInputSerializer, responses={201: ReviewSerializer, **ERRORS})
class ReviewClientView(_LeaveReviewView):
    direction = ReviewDirection.MASTER_TO_CLIENT


class AppointmentReviewsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=TAGS, summary="Both reviews of an appointment, as far as the caller may see them",
                   description="One's own review always; the other side's once both are in or the window has "
                               "passed (double-blind). Participants only (404 otherwise).",
                   responses={200: AppointmentReviewsSerializer, 404: OpenApiResponse(description="Not visible")})
    def get(self, request, pk: int):
        overview = selectors.appointment_reviews_overview(appointment_id=pk, user=request.user)
        return Response(AppointmentReviewsSerializer(overview).data)


def _language(request) -> str:
    """The language of a public page: the signed-in caller's, else the browser's (ru or en)."""
    user = request.user
    if user is not None and user.is_authenticated:
        return user.language
    return get_language_from_request(request)


class MasterPublicView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(tags=TAGS, summary="A master's public profile: rating summary and latest published reviews",
                   responses={200: MasterPublicSerializer, 404: OpenApiResponse(description="No such active master")})
    def get(self, request, pk: int):
        profile = selectors.master_public_profile(master_id=pk, viewer=request.user, language=_language(request))
        return Response(MasterPublicSerializer(profile, context={"language": _language(request)}).data)


@extend_schema(tags=TAGS, summary="A master's published reviews, newest first")
class MasterReviewsView(ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = PublicReviewSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Review.objects.none()
        master = selectors.master_public_get(master_id=self.kwargs["pk"], viewer=self.request.user)
        return selectors.master_public_reviews(master_id=master.pk)

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "language": _language(self.request)}


@extend_schema(tags=ADMIN_TAGS, summary="Every review, with moderation state (newest first)")
class AdminReviewListView(ListAPIView):
    permission_classes = [require(Capability.REVIEWS_MODERATE)]
    serializer_class = AdminReviewSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ReviewAdminFilter

    def get_queryset(self):
        return selectors.review_admin_list()


class _ModerateView(APIView):
    permission_classes = [require(Capability.REVIEWS_MODERATE)]
    hide: bool

    def post(self, request, pk: int):
        data = parse(ModerationReasonSerializer, request.data)
        action = services.review_hide if self.hide else services.review_unhide
        review = action(review_id=pk, actor=request.user, reason=data["reason"])
        fresh = selectors.review_admin_list().get(pk=review.pk)
        return Response(AdminReviewSerializer(fresh).data)


@extend_schema(tags=ADMIN_TAGS, summary="Hide a review from the public profile and the rating (audited)",
               request=ModerationReasonSerializer, responses=AdminReviewSerializer)
class AdminReviewHideView(_ModerateView):
    hide = True


@extend_schema(tags=ADMIN_TAGS, summary="Show a hidden review again (audited)",
               request=ModerationReasonSerializer, responses=AdminReviewSerializer)
class AdminReviewUnhideView(_ModerateView):
    hide = False
