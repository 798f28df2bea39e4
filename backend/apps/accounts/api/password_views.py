"""Password endpoints: change (signed in), reset request and reset confirm (anonymous). Every one of
them takes a password or sends mail, so every one is throttled."""

import hashlib

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from apps.common.serializers import parse

from .. import passwords
from ..throttles import IpScopedRateThrottle, UserScopedRateThrottle
from .views import PublicView, _set_refresh_cookie


class PasswordChangeSerializer(serializers.Serializer):
    current_password = serializers.CharField(max_length=256, trim_whitespace=False)
    new_password = serializers.CharField(max_length=256, trim_whitespace=False)


class PasswordResetRequestSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)


class PasswordResetConfirmSerializer(serializers.Serializer):
    uid = serializers.CharField(max_length=64)
    token = serializers.CharField(max_length=128)
    new_password = serializers.CharField(max_length=256, trim_whitespace=False)


class PasswordResetEmailThrottle(SimpleRateThrottle):
    """Reset requests per email address, whoever sends them (no inbox flooding from many hosts)."""

    scope = "password_reset_email"

    def get_cache_key(self, request, view):
        email = request.data.get("email") if isinstance(request.data, dict) else None
        if not isinstance(email, str) or not email.strip():
            return None  # the serializer refuses it anyway
        digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": digest}


class PasswordChangeView(APIView):
    permission_classes = [IsAuthenticated]
    throttle_classes = [UserScopedRateThrottle]
    throttle_scope = "password"

    @extend_schema(
        tags=["me"], summary="Change the caller's password",
        request=PasswordChangeSerializer,
        responses={204: OpenApiResponse(description="Changed. Every other session is signed out; this one "
                                                    "gets a fresh refresh cookie."),
                   400: OpenApiResponse(description="`invalid_password` (errors.current_password) or the "
                                                    "password validators (errors.new_password).")},
    )
    def post(self, request):
        data = parse(PasswordChangeSerializer, request.data)
        pair = passwords.password_change(user=request.user, request=request, **data)
        response = Response(status=status.HTTP_204_NO_CONTENT)
        _set_refresh_cookie(response, pair.refresh)
        return response


class PasswordResetRequestView(PublicView):
    throttle_classes = [IpScopedRateThrottle, PasswordResetEmailThrottle]
    throttle_scope = "password_reset"

    @extend_schema(
        tags=["auth"], summary="Email a password reset link",
        request=PasswordResetRequestSerializer,
        responses={202: OpenApiResponse(description="Always, known address or not. A link is emailed when "
                                                    "email delivery is configured (`password_reset_enabled` "
                                                    "on `GET /site/`).")},
    )
    def post(self, request):
        data = parse(PasswordResetRequestSerializer, request.data)
        passwords.password_reset_request(email=data["email"], request=request)
        return Response(status=status.HTTP_202_ACCEPTED)


class PasswordResetConfirmView(PublicView):
    throttle_classes = [IpScopedRateThrottle]
    throttle_scope = "password"

    @extend_schema(
        tags=["auth"], summary="Set a new password from a reset link",
        request=PasswordResetConfirmSerializer,
        responses={204: OpenApiResponse(description="Changed; every session of the account is signed out."),
                   400: OpenApiResponse(description="`reset_link_invalid` (bad, used or expired link) or the "
                                                    "password validators (errors.new_password).")},
    )
    def post(self, request):
        data = parse(PasswordResetConfirmSerializer, request.data)
        passwords.password_reset_confirm(request=request, **data)
        return Response(status=status.HTTP_204_NO_CONTENT)

