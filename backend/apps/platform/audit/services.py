"""The audit trail: `audit_record()` appends one entry with the field diff (secrets masked) and
where the action came from (IP, user agent, request id)."""

import ipaddress
import re
from typing import Any

from django.db import models

from apps.common.middleware import get_request_id
from apps.common.net import client_ip

from ..actors import actor_user
from ..middleware import get_current_request
from ..refs import subject_ref, to_jsonable
from .models import AuditEntry
from .types import AUDIT_ACTIONS

MASK = "***"
_SECRET_NAME = re.compile(
    r"pass(word|wd|phrase)|secret|token|hash|api[_-]?key|private[_-]?key|authorization|credential|cookie"
    r"|signature|otp|cvv|card[_-]?number",
    re.IGNORECASE,
)


def is_secret_name(name: str) -> bool:
    return bool(_SECRET_NAME.search(str(name)))


def mask_secrets(value: Any) -> Any:
    """A copy of `value` where every value under a secret-looking key is replaced by MASK."""
    if isinstance(value, dict):
        return {k: _mask_all(v) if is_secret_name(k) else mask_secrets(v) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_secrets(v) for v in value]
    return value


def _mask_all(value: Any) -> Any:
    if isinstance(value, list):  # a diff pair [old, new]
        return [_mask_all(v) for v in value]
    return None if value is None else MASK


def _ip_or_none(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def audit_record(*, actor, action: str, target: models.Model | None = None, changes: dict | None = None,
                 request=None, reason: str = "", metadata: dict | None = None) -> AuditEntry:
    """Append an audit entry. `actor` is required: a user, a `SystemActor` or None (nobody, e.g. a
    failed sign-in); it is never guessed from the request. `action` must be registered
    (audit/types.py). `changes` is `{field: [old, new]}`. Without `request`, the request being
    served (if any) provides IP and user agent; the request id comes from the context."""
    action = AUDIT_ACTIONS.get(action).name
    request = request if request is not None else get_current_request()
    target_type, target_id = subject_ref(target)
    meta = getattr(request, "META", {}) if request is not None else {}
    request_id = getattr(request, "request_id", "") if request is not None else ""
    return AuditEntry.objects.create(
        actor=actor_user(actor),
        actor_username=actor.get_username() if actor is not None else "",
        action=action[:100],
        target_type=target_type,
        target_id=target_id,
        target_repr=str(target)[:200] if target is not None else "",
        changes=mask_secrets(to_jsonable(changes or {})),
        reason=reason or "",
        metadata=mask_secrets(to_jsonable(metadata or {})),
        ip=_ip_or_none(client_ip(request)) if request is not None else None,
        user_agent=str(meta.get("HTTP_USER_AGENT", ""))[:500],
        request_id=request_id or get_request_id(),
    )

