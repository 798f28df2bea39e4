"""Writes of the accounts app. Every function is keyword-only and transactional."""

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from apps.common.capabilities import AdminRole, Role, effective_admin_role
from apps.common.errors import ApplicationError, Conflict, ErrorCode, NotFound
from apps.platform.audit.services import audit_record
from apps.platform.audit.types import AuditAction
from apps.platform.events.services import emit
from apps.platform.events.types import EventType

from .authentication import authenticate_password
from .master_bio import master_bio_apply
from .models import MasterProfile, SiteSettings
from .sessions import user_sessions_end
from .telegram import TelegramIdentity
from .tokens import token_revoke, tokens_revoke_all

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


def _record_registration(*, user, method: str, request, action: AuditAction = AuditAction.USER_REGISTERED) -> None:
    emit(EventType.USER_REGISTERED, actor=user, subject=user, payload={"role": user.role, "method": method})
    audit_record(actor=user, action=action, target=user, request=request,
                 metadata={"role": user.role, "method": method})


def _record_login(*, user, method: str, request) -> None:
    emit(EventType.USER_LOGGED_IN, actor=user, subject=user, payload={"method": method})
    audit_record(actor=user, action=AuditAction.LOGIN, target=user, request=request, metadata={"method": method})


@transaction.atomic
def login_failure_record(*, request, reason: str, method: str, username: str = "", user=None) -> None:
    """A refused sign-in, for the audit trail and the event log. Not the password, ever."""
    username = str(username or "")[:150]
    if user is None and username:
        user = User.objects.filter(username=username).first()
    details = {"method": method, "reason": str(reason), "username": username}
    emit(EventType.USER_LOGIN_FAILED, actor=None, subject=user, payload=details)
    audit_record(actor=None, action=AuditAction.LOGIN_FAILED, target=user, request=request, metadata=details)


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
    _record_registration(user=user, method="bootstrap", request=request, action=AuditAction.ADMIN_BOOTSTRAPPED)
    return user


@transaction.atomic
def user_register(*, username: str, password: str, role: str, email: str = "", display_name: str = "",
                  request=None):
    if role not in (Role.CLIENT, Role.MASTER):
        raise ApplicationError(ErrorCode.INVALID, "role must be client or master.", 400)
    if not SiteSettings.load().registration_open:
        raise ApplicationError(ErrorCode.REGISTRATION_CLOSED, "Registration is closed.", 403)
    user = _create_user(username=username, password=password, role=role, email=email, display_name=display_name)
    _record_registration(user=user, method="password", request=request)
    return user


def user_login(*, request, username: str, password: str):
    """The same answer for an unknown username and a wrong password (no enumeration); the ban
    is only revealed to someone who knows the password. Both outcomes are audited."""
    user = authenticate_password(request, username=username, password=password)
    if user is None:
        login_failure_record(request=request, reason=ErrorCode.INVALID_CREDENTIALS, method="password",
                             username=username)
        raise ApplicationError(ErrorCode.INVALID_CREDENTIALS, "Invalid username or password.", 401)
    if user.is_banned:
        login_failure_record(request=request, reason=ErrorCode.BANNED, method="password", user=user,
                             username=username)
        raise ApplicationError(ErrorCode.BANNED, "This account is banned.", 403)
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(last_login=timezone.now())
        _record_login(user=user, method="password", request=request)
    return user


def user_logout(*, raw_refresh: str | None, request=None) -> None:
    """Spend the refresh token; a logout that revoked a live token is recorded."""
    if not raw_refresh:
        return
    with transaction.atomic():
        user_id = token_revoke(raw_refresh=raw_refresh)
        user = User.objects.filter(pk=user_id).first() if user_id is not None else None
        if user is not None:
            emit(EventType.USER_LOGGED_OUT, actor=user, subject=user)
            audit_record(actor=user, action=AuditAction.LOGOUT, target=user, request=request)


def _telegram_username(identity: TelegramIdentity) -> str:
    base = f"tg_{identity.username or identity.id}"[:140]
    candidate, n = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}_{n}"
    return candidate


def telegram_login(*, identity: TelegramIdentity, request=None):
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
                _record_registration(user=user, method="telegram", request=request)
            break
        except IntegrityError:
            continue  # a concurrent first login created it (or took the username); look again
    else:
        raise ApplicationError(ErrorCode.CONFLICT, "Please try again.", 409)
    if user.is_banned:
        login_failure_record(request=request, reason=ErrorCode.BANNED, method="telegram", user=user,
                             username=user.username)
        raise ApplicationError(ErrorCode.BANNED, "This account is banned.", 403)
    changed = {
        "telegram_username": identity.username,
        "telegram_photo_url": identity.photo_url,
        "last_login": timezone.now(),
    }
    if not user.display_name and display:
        changed["display_name"] = display
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(**changed)
        _record_login(user=user, method="telegram", request=request)
    for key, value in changed.items():
        setattr(user, key, value)
    return user


PROFILE_FIELDS = ("display_name", "email", "language")
PAYMENT_FIELDS = {"method": "payment_method", "recipient": "payment_recipient",
                  "account": "payment_account", "instructions": "payment_instructions"}


@transaction.atomic
def user_update_profile(*, user, data: dict, request=None):
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
    changes.update(master_bio_apply(user=user, data=data))
    if changes:
        emit(EventType.USER_PROFILE_UPDATED, actor=user, subject=user, payload={"fields": sorted(changes)})
        audit_record(actor=user, action=AuditAction.PROFILE_UPDATED, target=user, changes=changes, request=request)
    return user, changes


@transaction.atomic
def user_ban(*, user, actor, reason: str, request=None):
    """Ban and revoke every refresh token at once; bearer tokens stop working on the next call."""
    user = User.objects.select_for_update().get(pk=user.pk)
    changes = {"is_banned": [user.is_banned, True], "ban_reason": [user.ban_reason, reason]}
    user.is_banned = True
    user.banned_at = timezone.now()
    user.ban_reason = reason
    user.banned_by = actor
    user.save(update_fields=["is_banned", "banned_at", "ban_reason", "banned_by"])
    revoked = tokens_revoke_all(user=user)
    user_sessions_end(user=user)
    emit(EventType.USER_BANNED, actor=actor, subject=user, payload={"reason": reason})
    audit_record(actor=actor, action=AuditAction.USER_BANNED, target=user, changes=changes, reason=reason,
                 request=request, metadata={"refresh_tokens_revoked": revoked})
    return user


@transaction.atomic
def user_unban(*, user, actor, reason: str = "", request=None):
    user = User.objects.select_for_update().get(pk=user.pk)
    changes = {"is_banned": [user.is_banned, False], "ban_reason": [user.ban_reason, ""]}
    user.is_banned = False
    user.banned_at = None
    user.ban_reason = ""
    user.banned_by = None
    user.save(update_fields=["is_banned", "banned_at", "ban_reason", "banned_by"])
    emit(EventType.USER_UNBANNED, actor=actor, subject=user, payload={"reason": reason} if reason else None)
    audit_record(actor=actor, action=AuditAction.USER_UNBANNED, target=user, changes=changes, request=request,
                 reason=reason)
    return user


def _is_super_admin(user) -> bool:
    return effective_admin_role(user) == AdminRole.SUPER_ADMIN


@transaction.atomic
def user_change_role(*, user, actor, role: str, admin_role: str = "", request=None):
    """Change a user's role (and admin sub-role). The last active super admin can't be demoted;
    concurrent demotions serialise on the admin rows, so two of them can't both succeed."""
    if role not in set(Role):
        raise ApplicationError(ErrorCode.INVALID, f"Unknown role: {role}.", 400)
    if admin_role and (role != Role.ADMIN or admin_role not in set(AdminRole)):
        raise ApplicationError(ErrorCode.INVALID, "admin_role is one of the admin sub-roles, for admins only.", 400)
    admins = list(_admins().select_for_update().order_by("pk"))
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_superuser and role != Role.ADMIN:
        raise ApplicationError(ErrorCode.INVALID, "A superuser is always an admin.", 400)
    before = {"role": user.role, "admin_role": user.admin_role}
    was_super = _is_super_admin(user)
    user.role, user.admin_role = role, admin_role if role == Role.ADMIN else ""
    changes = {field: [old, getattr(user, field)] for field, old in before.items() if getattr(user, field) != old}
    if not changes:
        return user
    if was_super and not _is_super_admin(user):
        others = [a for a in admins if a.pk != user.pk and _is_super_admin(a) and a.is_active and not a.is_banned]
        if not others:
            raise Conflict("The last super admin can't lose that role.", code=ErrorCode.LAST_SUPER_ADMIN)
    user.save(update_fields=list(changes))
    if role == Role.MASTER:
        MasterProfile.objects.get_or_create(user=user)
    emit(EventType.USER_ROLE_CHANGED, actor=actor, subject=user,
         payload={"from": before, "to": {"role": user.role, "admin_role": user.admin_role}})
    audit_record(actor=actor, action=AuditAction.ROLE_CHANGED, target=user, changes=changes, request=request)
    return user


@transaction.atomic
def master_set_status(*, user, actor, status: str, reason: str = "", request=None) -> MasterProfile:
    """Activate or suspend a master (only active masters see and take new requests)."""
    if status not in (MasterProfile.Status.ACTIVE, MasterProfile.Status.SUSPENDED):
        raise ApplicationError(ErrorCode.INVALID, "A master is activated or suspended.", 400)
    profile = MasterProfile.objects.select_for_update().filter(user_id=user.pk, user__role=Role.MASTER).first()
    if profile is None:
        raise NotFound("No such master.")
    if profile.status == status:
        return profile
    changes = {"status": [profile.status, status]}
    profile.status, profile.status_reason, profile.status_changed_at = status, reason, timezone.now()
    profile.save(update_fields=["status", "status_reason", "status_changed_at", "updated_at"])
    event = EventType.MASTER_ACTIVATED if status == MasterProfile.Status.ACTIVE else EventType.MASTER_SUSPENDED
    emit(event, actor=actor, subject=profile.user, payload={"status": status, "reason": reason})
    action = AuditAction.MASTER_ACTIVATED if status == MasterProfile.Status.ACTIVE else AuditAction.MASTER_SUSPENDED
    audit_record(actor=actor, action=action, target=profile.user, changes=changes, reason=reason,
                 request=request)
    return profile


SITE_SETTINGS_FIELDS = ("site_name", "support_contact", "payment_instructions", "registration_open",
                        "max_upload_mb", "telegram_bot_username")


@transaction.atomic
def site_settings_update(*, actor, data: dict, request=None) -> SiteSettings:
    """Apply validated site settings; the change is audited with its field diff."""
    SiteSettings.objects.get_or_create(pk=1)
    row = SiteSettings.objects.select_for_update().get(pk=1)
    changes = {f: [getattr(row, f), data[f]] for f in SITE_SETTINGS_FIELDS if f in data and getattr(row, f) != data[f]}
    if not changes:
        return row
    for field, (_old, new) in changes.items():
        setattr(row, field, new)
    row.full_clean()
    row.save()
    emit(EventType.SETTINGS_CHANGED, actor=actor, subject=row, payload={"fields": sorted(changes)})
    audit_record(actor=actor, action=AuditAction.SETTINGS_CHANGED, target=row, changes=changes, request=request)
    return row
