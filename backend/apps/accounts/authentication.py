from rest_framework import exceptions
from rest_framework_simplejwt.authentication import JWTAuthentication

from apps.common.errors import ErrorCode


class Banned(exceptions.PermissionDenied):
    default_detail = "This account is banned."
    default_code = ErrorCode.BANNED


class BearerAuthentication(JWTAuthentication):
    """simplejwt's bearer authentication, plus: a banned user is refused on every call (403),
    checked against the database on each request so a ban takes effect at once."""

    def get_user(self, validated_token):
        user = super().get_user(validated_token)
        if user.is_banned:
            raise Banned()
        return user
