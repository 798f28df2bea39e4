"""Tags on appointments and the payment review flag: what rules set (apps/appointments/rules.py)
through these services, and the `?tag=` filter of the admin list."""

import json
import re

from django.db import connection, transaction
from django.db.models import Q

from apps.common.errors import ApplicationError

from .errors import AppointmentErrorCode
from .models import Appointment
from .services import appointment_lock

# Letters of any alphabet (an owner tags in their own language: "срочно"), digits, - and _.
TAG_PATTERN = re.compile(r"[^\W_][\w-]{0,39}\Z")
TAG_RULE = "A tag is 1-40 letters, digits, - or _, starting with a letter or digit."
MAX_TAGS = 20


def tag_problem(raw: str) -> str | None:
    """Why `raw` cannot be a tag, or None (rule validation checks a tag action's param with it)."""
    return None if TAG_PATTERN.match(str(raw or "").strip().lower()) else TAG_RULE


def tag_clean(raw: str) -> str:
    """A tag as stored: lowercase, 1-40 letters, digits, - or _ (400 `invalid_tag` otherwise)."""
    tag = str(raw or "").strip().lower()
    if not TAG_PATTERN.match(tag):
        raise ApplicationError(AppointmentErrorCode.INVALID_TAG, TAG_RULE, 400)
    return tag


def tagged_q(raw: str) -> Q:
    """Appointments carrying the tag (exact). PostgreSQL: JSON containment; SQLite, which has no
    JSON containment lookup: the quoted tag in the stored JSON text (tags never hold a quote)."""
    tag = tag_clean(raw)
    if connection.vendor == "postgresql":
        return Q(tags__contains=[tag])
    return Q(tags__icontains=json.dumps(tag))


@transaction.atomic
def appointment_tag(*, appointment_id: int, tag: str) -> bool:
    """Add `tag` (idempotent). True when it was added."""
    tag = tag_clean(tag)
    appointment = appointment_lock(appointment_id=appointment_id)
    tags = list(appointment.tags or [])
    if tag in tags:
        return False
    if len(tags) >= MAX_TAGS:
        raise ApplicationError(AppointmentErrorCode.INVALID_TAG, f"At most {MAX_TAGS} tags.", 400)
    Appointment.objects.filter(pk=appointment.pk).update(tags=[*tags, tag])
    return True


@transaction.atomic
def appointment_require_payment_review(*, appointment_id: int, reason: str) -> bool:
    """From now on only an admin with payments.confirm may confirm the payment (state.py's
    guard). True when it was not required yet."""
    appointment = appointment_lock(appointment_id=appointment_id)
    if appointment.payment_review_required:
        return False
    Appointment.objects.filter(pk=appointment.pk).update(payment_review_required=True,
                                                         payment_review_reason=str(reason or "")[:500])
    return True
