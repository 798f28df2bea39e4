from django.conf import settings
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.common.serializers import parse

from .. import services
from ..models import SiteSettings
from ..selectors import dashboard_for
from ..signin import password_sign_in, sign_out, telegram_sign_in
from ..throttles import IpScopedRateThrottle
from ..tokens import RefreshReused, TokenPair, tokens_issue, tokens_refresh
from .serializers import (
    AccessSerializer,
    AuthResponseSerializer,
    BootstrapAdminSerializer,
    BootstrapStatusSerializer,
    LoginSerializer,
    MeSerializer,
    MeUpdateSerializer,
    PublicSiteSerializer,
    RefreshSerializer,
    RegisterSerializer,
    TelegramLoginSerializer,
)


def _set_refresh_cookie(response: Response, refresh: str) -> None:
    response.set_cookie(
        settings.REFRESH_COOKIE_NAME,
        refresh,
        max_age=int(settings.SIMPLE_JWT["REFRESH_TOKEN_LIFETIME"].total_seconds()),
        path=settings.REFRESH_COOKIE_PATH,
        secure=settings.REFRESH_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _clear_refresh_cookie(response: Response) -> None:
    response.delete_cookie(settings.REFRESH_COOKIE_NAME, path=settings.REFRESH_COOKIE_PATH, samesite="Lax")


def auth_response(user, pair: TokenPair | None = None, status_code: int = status.HTTP_200_OK) -> Response:
    pair = pair or tokens_issue(user=user)
    response = Response({"access": pair.access, "user": MeSerializer(user).data}, status=status_code)
    _set_refresh_cookie(response, pair.refresh)
    return response


class PublicView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]


class BootstrapStatusView(PublicView):
    @extend_schema(responses=BootstrapStatusSerializer, tags=["auth"])
    def get(self, request):
        return Response({"needs_bootstrap": services.needs_bootstrap()})


class BootstrapAdminView(PublicView):
    throttle_classes = [IpScopedRateThrottle]
    throttle_scope = "register"

    @extend_schema(request=BootstrapAdminSerializer, responses={201: AuthResponseSerializer}, tags=["auth"])
    def post(self, request):
        data = parse(BootstrapAdminSerializer, request.data)
        user = services.bootstrap_admin(**data, request=request)
        return auth_response(user, status_code=status.HTTP_201_CREATED)


class LoginView(PublicView):
    @extend_schema(request=LoginSerializer, responses={200: AuthResponseSerializer}, tags=["auth"])
    def post(self, request):
        data = parse(LoginSerializer, request.data)
        return auth_response(password_sign_in(request=request, **data))


class RegisterView(PublicView):
    throttle_classes = [IpScopedRateThrottle]
    throttle_scope = "register"

    @extend_schema(request=RegisterSerializer, responses={201: AuthResponseSerializer}, tags=["auth"])
    def post(self, request):
        data = parse(RegisterSerializer, request.data)
        user = services.user_register(**data, request=request)
        return auth_response(user, status_code=status.HTTP_201_CREATED)


class TelegramLoginView(PublicView):
    throttle_classes = [IpScopedRateThrottle]
    throttle_scope = "telegram"

    @extend_schema(request=TelegramLoginSerializer, responses={200: AuthResponseSerializer}, tags=["auth"])
    def post(self, request):
        return auth_response(telegram_sign_in(request=request, data=request.data))


class RefreshView(PublicView):
    throttle_classes = [IpScopedRateThrottle]
    throttle_scope = "refresh"

    @extend_schema(request=RefreshSerializer, responses={200: AccessSerializer}, tags=["auth"])
    def post(self, request):
        from_cookie = request.COOKIES.get(settings.REFRESH_COOKIE_NAME)
        raw = from_cookie or (request.data.get("refresh") if isinstance(request.data, dict) else None)
        pair, _user = tokens_refresh(raw_refresh=raw)
        response = Response({"access": pair.access})
        if from_cookie:
            _set_refresh_cookie(response, pair.refresh)
        else:
            # Non-browser client sent the token in the body: give the new one back the same way.
            response.data["refresh"] = pair.refresh
        return response

    def handle_exception(self, exc):
        """The one handler writes the error; a failed refresh also clears the cookie, except when
        it lost the two-tab race: the winner's fresh cookie is already in the shared jar."""
        response = super().handle_exception(exc)
        if not (isinstance(exc, RefreshReused) and not exc.family_revoked):
            _clear_refresh_cookie(response)
        return response


class LogoutView(PublicView):
    @extend_schema(request=None, responses={204: None}, tags=["auth"])
    def post(self, request):
        raw = request.COOKIES.get(settings.REFRESH_COOKIE_NAME)
        if not raw and isinstance(request.data, dict):
            raw = request.data.get("refresh")
        scheme, _, bearer = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
        sign_out(request=request, raw_refresh=raw, raw_access=bearer if scheme == "Bearer" else None)
        response = Response(status=status.HTTP_204_NO_CONTENT)
        _clear_refresh_cookie(response)
        return response


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeSerializer, tags=["me"])
    def get(self, request):
        return Response(MeSerializer(request.user).data)

    @extend_schema(request=MeUpdateSerializer, responses=MeSerializer, tags=["me"])
    def patch(self, request):
        data = parse(MeUpdateSerializer, request.data, partial=True)
        user, _changes = services.user_update_profile(user=request.user, data=data, request=request)
        return Response(MeSerializer(user).data)


class DashboardView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=inline_serializer("Dashboard", {"role": serializers.CharField()}),
        description="Role-aware counts; each domain app contributes its own keys.",
        tags=["me"],
    )
    def get(self, request):
        return Response(dashboard_for(user=request.user))


class SiteView(PublicView):
    @extend_schema(responses=PublicSiteSerializer, tags=["auth"],
                   description="What the login screen needs to know before anyone signs in.")
    def get(self, request):
        return Response(PublicSiteSerializer(SiteSettings.load()).data)

