from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.backends import ModelBackend
from rest_framework import exceptions
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken

from apps.common.errors import ErrorCode

from .tokens import access_token_denied


class Banned(exceptions.PermissionDenied):
    default_detail = "This account is banned."
    default_code = ErrorCode.BANNED


class _UsersWithMasterProfile:
    """What simplejwt's `get_user` looks the token's user up in (`user_model.objects.get(...)`):
    the user model with the master profile joined, since every request of a master asks whether
    they are an active one (one query fewer per request)."""

    def __init__(self, model) -> None:
        self.model = model
        self.DoesNotExist = model.DoesNotExist

    @property
    def objects(self):
        return self.model.objects.select_related("master_profile")


class BearerAuthentication(JWTAuthentication):
    """simplejwt's bearer authentication, plus: a banned user is refused on every call (403),
    checked against the database on each request so a ban takes effect at once; a token revoked
    by logout (or by the reuse of its session's refresh token) is refused (401) until it expires."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user_model = _UsersWithMasterProfile(self.user_model)

    def get_validated_token(self, raw_token):
        token = super().get_validated_token(raw_token)
        if access_token_denied(token):
            raise InvalidToken({"detail": "Token has been revoked.", "code": ErrorCode.TOKEN_INVALID})
        return token

    def get_user(self, validated_token):
        user = super().get_user(validated_token)
        if user.is_banned:
            raise Banned()
        return user


class AccountBackend(ModelBackend):
    """Django's model backend (the admin's login form, the admin's session on every request),
    refusing banned accounts: `user_can_authenticate` is asked both when a password is checked and
    when `request.user` is loaded from a session, so a ban also ends an admin session that is
    already open, at its next request."""

    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and not getattr(user, "is_banned", False)


def authenticate_password(request, *, username: str, password: str):
    """`authenticate()`, except that a banned account whose password is right is returned too: the
    API tells exactly that caller "banned" (403) instead of "invalid credentials"."""
    user = authenticate(request, username=username, password=password)
    if user is None:
        banned = get_user_model()._default_manager.filter(
            **{get_user_model().USERNAME_FIELD: username}, is_banned=True, is_active=True).first()
        if banned is not None and banned.check_password(password):
            return banned
    return user
