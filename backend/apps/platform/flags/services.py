"""Feature flags: evaluation (cached, with the reason of every decision) and audited changes."""

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from apps.common.capabilities import effective_role
from apps.common.errors import Conflict, NotFound

from ..audit.types import FlagAuditAction
from ..errors import PlatformErrorCode
from . import events
from .models import FeatureFlag

CACHE_KEY = "platform:flags:v1"
CACHE_SECONDS = 300
FIELDS = ("description", "enabled", "rollout_percent", "roles")
USER_LISTS = ("allowed_users", "denied_users")


class FlagReason(StrEnum):
    UNKNOWN = "unknown_flag"
    DISABLED = "disabled"
    DENIED_USER = "denied_user"
    ALLOWED_USER = "allowed_user"
    ROLE_NOT_TARGETED = "role_not_targeted"
    FULL_ROLLOUT = "full_rollout"
    ANONYMOUS = "anonymous_partial_rollout"
    IN_ROLLOUT = "in_rollout"
    OUTSIDE_ROLLOUT = "outside_rollout"


@dataclass(frozen=True)
class FlagDecision:
    enabled: bool
    reason: str

    def __bool__(self) -> bool:
        return self.enabled


def rollout_bucket(key: str, user_id: int) -> int:
    """A user's fixed place 0..99 for one flag. It depends only on the flag key and the user id,
    so raising the percentage keeps everyone who was in and only adds users."""
    digest = hashlib.sha256(f"{key}:{user_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % 100


# --- evaluation -------------------------------------------------------------------------------

def _load_definitions() -> dict[str, dict]:
    allowed: dict[int, list[int]] = defaultdict(list)
    denied: dict[int, list[int]] = defaultdict(list)
    for through, into in ((FeatureFlag.allowed_users.through, allowed), (FeatureFlag.denied_users.through, denied)):
        for flag_id, user_id in through.objects.values_list("featureflag_id", "user_id"):
            into[flag_id].append(user_id)
    return {
        flag.key: {
            "enabled": flag.enabled,
            "rollout_percent": flag.rollout_percent,
            "roles": list(flag.roles or []),
            "allowed": allowed.get(flag.pk, []),
            "denied": denied.get(flag.pk, []),
        }
        for flag in FeatureFlag.objects.only("id", "key", "enabled", "rollout_percent", "roles")
    }


def flag_definitions() -> dict[str, dict]:
    """Every flag as plain data, from the shared cache (invalidated whenever a flag changes)."""
    definitions = cache.get(CACHE_KEY)
    if definitions is None:
        definitions = _load_definitions()
        cache.set(CACHE_KEY, definitions, CACHE_SECONDS)
    return definitions


def _decide(key: str, definition: dict | None, user) -> FlagDecision:
    if definition is None:
        return FlagDecision(False, FlagReason.UNKNOWN)
    if not definition["enabled"]:
        return FlagDecision(False, FlagReason.DISABLED)
    user_id = user.pk if user is not None and user.is_authenticated else None
    if user_id is not None and user_id in definition["denied"]:
        return FlagDecision(False, FlagReason.DENIED_USER)
    if user_id is not None and user_id in definition["allowed"]:
        return FlagDecision(True, FlagReason.ALLOWED_USER)
    if definition["roles"] and effective_role(user) not in definition["roles"]:
        return FlagDecision(False, FlagReason.ROLE_NOT_TARGETED)
    percent = definition["rollout_percent"]
    if percent >= 100:
        return FlagDecision(True, FlagReason.FULL_ROLLOUT)
    if user_id is None:
        return FlagDecision(False, FlagReason.ANONYMOUS)
    if rollout_bucket(key, user_id) < percent:
        return FlagDecision(True, FlagReason.IN_ROLLOUT)
    return FlagDecision(False, FlagReason.OUTSIDE_ROLLOUT)


def flag_is_enabled(key: str, *, user) -> FlagDecision:
    """Is `key` on for `user` (None or anonymous allowed), and why. Unknown flags are off."""
    return _decide(key, flag_definitions().get(key), user)


def flags_for(*, user) -> dict[str, bool]:
    """Every flag evaluated for `user`: `{key: bool}`."""
    return {key: _decide(key, d, user).enabled for key, d in sorted(flag_definitions().items())}


def _invalidate(**kwargs) -> None:
    # After commit, so no reader can cache the old rows again between our write and the commit.
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))


post_save.connect(_invalidate, sender=FeatureFlag, dispatch_uid="platform-flags-save")
post_delete.connect(_invalidate, sender=FeatureFlag, dispatch_uid="platform-flags-delete")
m2m_changed.connect(_invalidate, sender=FeatureFlag.allowed_users.through, dispatch_uid="platform-flags-allowed")
m2m_changed.connect(_invalidate, sender=FeatureFlag.denied_users.through, dispatch_uid="platform-flags-denied")


# --- changes ----------------------------------------------------------------------------------

def flag_snapshot(flag: FeatureFlag) -> dict:
    return {
        **{field: getattr(flag, field) for field in FIELDS},
        **{field: sorted(u.pk for u in getattr(flag, field).all()) for field in USER_LISTS},
    }


def _get_for_update(key: str) -> FeatureFlag:
    flag = FeatureFlag.objects.select_for_update().filter(key=key).first()
    if flag is None:
        raise NotFound("No such flag.")
    return flag


def flag_record_change(*, flag: FeatureFlag, before: dict | None, actor, request=None) -> None:
    """Audit and emit a flag's change from its `before` snapshot (None: just created)."""
    after = flag_snapshot(flag)
    if before is None:
        action, changes = FlagAuditAction.FLAG_CREATED, {field: [None, value] for field, value in after.items()}
    else:
        action = FlagAuditAction.FLAG_UPDATED
        changes = {field: [before[field], after[field]] for field in after if before[field] != after[field]}
        if not changes:
            return
    events.flag_changed(flag, actor=actor, action=action, changes=changes, request=request)


@transaction.atomic
def flag_create(*, actor, key: str, description: str = "", enabled: bool = False, rollout_percent: int = 100,
                roles: list[str] | None = None, allowed_users: list | None = None,
                denied_users: list | None = None, request=None) -> FeatureFlag:
    try:
        with transaction.atomic():
            flag = FeatureFlag.objects.create(key=key, description=description, enabled=enabled,
                                              rollout_percent=rollout_percent, roles=list(roles or []))
    except IntegrityError:
        raise Conflict("A flag with this key exists.", code=PlatformErrorCode.FLAG_EXISTS) from None
    flag.allowed_users.set(allowed_users or [])
    flag.denied_users.set(denied_users or [])
    flag_record_change(flag=flag, before=None, actor=actor, request=request)
    return flag


@transaction.atomic
def flag_update(*, key: str, actor, data: dict, request=None) -> FeatureFlag:
    """Apply a validated partial update; concurrent updates of one flag are serialised."""
    flag = _get_for_update(key)
    before = flag_snapshot(flag)
    for field in FIELDS:
        if field in data:
            setattr(flag, field, list(data[field]) if field == "roles" else data[field])
    flag.save()
    for field in USER_LISTS:
        if field in data:
            getattr(flag, field).set(data[field])
    flag_record_change(flag=flag, before=before, actor=actor, request=request)
    return flag


@transaction.atomic
def flag_delete(*, key: str, actor, request=None) -> None:
    flag = _get_for_update(key)
    changes = {field: [value, None] for field, value in flag_snapshot(flag).items()}
    events.flag_changed(flag, actor=actor, action=FlagAuditAction.FLAG_DELETED, changes=changes, request=request)
    flag.delete()
