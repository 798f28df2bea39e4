"""Sign-up: the first admin (bootstrap), password registration, and the user rows they create."""

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.common.capabilities import Role
from apps.common.errors import ApplicationError, ErrorCode

from .. import events
from ..models import MasterProfile, SiteSettings
from ..selectors import admin_list

User = get_user_model()


def needs_bootstrap() -> bool:
    return not admin_list().exists()


def _validate_password(password: str, user=None) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError(ErrorCode.INVALID, " ".join(exc.messages), 400,
                               errors={"password": exc.messages}) from None


def _create_user(*, username: str, password: str | None, role: str, email: str = "",
                 display_name: str = "", **fields):
    if User.objects.filter(username__iexact=username).exists():
        raise ApplicationError(ErrorCode.USERNAME_TAKEN, "This username is taken.", 409)
    user = User(username=username, email=email or "", display_name=display_name or "", role=role, **fields)
    if password is None:
        user.set_unusable_password()
    else:
        _validate_password(password, user)
        user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise ApplicationError(ErrorCode.USERNAME_TAKEN, "This username is taken.", 409) from None
    if role == Role.MASTER:
        MasterProfile.objects.create(user=user)
    return user


@transaction.atomic
def bootstrap_admin(*, username: str, password: str, email: str = "", request=None):
    """Create the first admin. Two concurrent calls create exactly one: both serialise on the
    site-settings row before looking for an existing admin."""
    SiteSettings.objects.get_or_create(pk=1)
    SiteSettings.objects.select_for_update().get(pk=1)
    if not needs_bootstrap():
        raise ApplicationError(ErrorCode.ALREADY_BOOTSTRAPPED, "The marketplace already has an admin.", 409)
    user = _create_user(username=username, password=password, email=email, role=Role.ADMIN,
                        is_staff=True, is_superuser=True)
    events.user_registered(user, method="bootstrap", request=request, bootstrap=True)
    return user


@transaction.atomic
def user_register(*, username: str, password: str, role: str, email: str = "", display_name: str = "",
                  request=None):
    if role not in (Role.CLIENT, Role.MASTER):
        raise ApplicationError(ErrorCode.INVALID, "role must be client or master.", 400)
    if not SiteSettings.load().registration_open:
        raise ApplicationError(ErrorCode.REGISTRATION_CLOSED, "Registration is closed.", 403)
    user = _create_user(username=username, password=password, role=role, email=email, display_name=display_name)
    events.user_registered(user, method="password", request=request)
    return user
