"""Writes of the accounts app. Every function is keyword-only and transactional."""

from django.contrib.auth import authenticate, get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from apps.common.capabilities import Role
from apps.common.errors import ApplicationError, ErrorCode

from .models import MasterProfile, SiteSettings
from .telegram import TelegramIdentity
from .tokens import tokens_revoke_all

User = get_user_model()


def _admins():
    return User.objects.filter(Q(role=Role.ADMIN) | Q(is_superuser=True))


def needs_bootstrap() -> bool:
    return not _admins().exists()


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
def bootstrap_admin(*, username: str, password: str, email: str = ""):
    """Create the first admin. Two concurrent calls create exactly one: both serialise on the
    site-settings row before looking for an existing admin."""
    SiteSettings.objects.get_or_create(pk=1)
    SiteSettings.objects.select_for_update().get(pk=1)
    if not needs_bootstrap():
        raise ApplicationError(ErrorCode.ALREADY_BOOTSTRAPPED, "The marketplace already has an admin.", 409)
    return _create_user(username=username, password=password, email=email, role=Role.ADMIN,
                        is_staff=True, is_superuser=True)


@transaction.atomic
def user_register(*, username: str, password: str, role: str, email: str = "", display_name: str = ""):
    if role not in (Role.CLIENT, Role.MASTER):
        raise ApplicationError(ErrorCode.INVALID, "role must be client or master.", 400)
    if not SiteSettings.load().registration_open:
        raise ApplicationError(ErrorCode.REGISTRATION_CLOSED, "Registration is closed.", 403)
    return _create_user(username=username, password=password, role=role, email=email, display_name=display_name)


def user_login(*, request, username: str, password: str):
    """The same answer for an unknown username and a wrong password (no enumeration); the ban
    is only revealed to someone who knows the password."""
    user = authenticate(request, username=username, password=password)
    if user is None:
        raise ApplicationError(ErrorCode.INVALID_CREDENTIALS, "Invalid username or password.", 401)
    if user.is_banned:
        raise ApplicationError(ErrorCode.BANNED, "This account is banned.", 403)
    User.objects.filter(pk=user.pk).update(last_login=timezone.now())
    return user


def _telegram_username(identity: TelegramIdentity) -> str:
    base = f"tg_{identity.username or identity.id}"[:140]
    candidate, n = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}_{n}"
    return candidate


def telegram_login(*, identity: TelegramIdentity):
    """Find the user by Telegram id, or create a client on first login (race-safe)."""
    display = " ".join(p for p in (identity.first_name, identity.last_name) if p).strip()
    for _attempt in range(3):
        user = User.objects.filter(telegram_id=identity.id).first()
        if user is not None:
            break
        try:
            with transaction.atomic():
                user = User(
                    username=_telegram_username(identity), role=Role.CLIENT, telegram_id=identity.id,
                    first_name=identity.first_name, last_name=identity.last_name, display_name=display,
                )
                user.set_unusable_password()
                user.save()
            break
        except IntegrityError:
            continue  # a concurrent first login created it (or took the username); look again
    else:
        raise ApplicationError(ErrorCode.CONFLICT, "Please try again.", 409)
    if user.is_banned:
        raise ApplicationError(ErrorCode.BANNED, "This account is banned.", 403)
    changed = {
        "telegram_username": identity.username,
        "telegram_photo_url": identity.photo_url,
        "last_login": timezone.now(),
    }
    if not user.display_name and display:
        changed["display_name"] = display
    User.objects.filter(pk=user.pk).update(**changed)
    for key, value in changed.items():
        setattr(user, key, value)
    return user


PROFILE_FIELDS = ("display_name", "email", "language")
PAYMENT_FIELDS = {"method": "payment_method", "recipient": "payment_recipient",
                  "account": "payment_account", "instructions": "payment_instructions"}


@transaction.atomic
def user_update_profile(*, user, data: dict):
    """Apply a validated PATCH of /me/. Returns the user and a diff {field: [old, new]}."""
    changes: dict[str, list] = {}
    for field in PROFILE_FIELDS:
        if field in data and getattr(user, field) != data[field]:
            changes[field] = [getattr(user, field), data[field]]
            setattr(user, field, data[field])
    if changes:
        user.save(update_fields=list(changes))
    if "payment_settings" in data:
        profile = getattr(user, "master_profile", None)
        if user.role != Role.MASTER or profile is None:
            raise ApplicationError(ErrorCode.INVALID, "Only masters have payment settings.", 400)
        updated = []
        for key, attr in PAYMENT_FIELDS.items():
            if key in data["payment_settings"] and getattr(profile, attr) != data["payment_settings"][key]:
                changes[f"payment_settings.{key}"] = [getattr(profile, attr), data["payment_settings"][key]]
                setattr(profile, attr, data["payment_settings"][key])
                updated.append(attr)
        if updated:
            profile.save(update_fields=[*updated, "updated_at"])
    return user, changes


@transaction.atomic
def user_ban(*, user, actor, reason: str):
    """Ban and revoke every refresh token at once; bearer tokens stop working on the next call."""
    user = User.objects.select_for_update().get(pk=user.pk)
    user.is_banned = True
    user.banned_at = timezone.now()
    user.ban_reason = reason
    user.banned_by = actor
    user.save(update_fields=["is_banned", "banned_at", "ban_reason", "banned_by"])
    tokens_revoke_all(user=user)
    return user


@transaction.atomic
def user_unban(*, user, actor):
    user = User.objects.select_for_update().get(pk=user.pk)
    user.is_banned = False
    user.banned_at = None
    user.ban_reason = ""
    user.banned_by = None
    user.save(update_fields=["is_banned", "banned_at", "ban_reason", "banned_by"])
    return user
