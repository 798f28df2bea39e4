"""Alerts: periodic jobs that tell people about things waiting on them, each thing once.

A job finds candidates (`unclaimed()` leaves out what was already alerted), then for each one opens
a transaction, claims it (`alert_claim()`: insert an `AlertClaim` row; the unique key lets exactly
one of two concurrent runs win) and, only when it won, notifies in the same transaction. A failing
notify rolls the claim back, so the next run tries again; a won claim is never sent twice."""

from collections.abc import Callable, Iterable

from django.contrib.auth import get_user_model
from django.db import IntegrityError, models, transaction
from django.db.models import CharField, Exists, OuterRef, QuerySet
from django.db.models.functions import Cast

from apps.common.capabilities import Capability, holders_q

from ..refs import subject_ref
from .models import AlertClaim


def holders_of(capability: Capability) -> QuerySet:
    """Active, unbanned admins whose sub-role holds `capability` (an admin without a sub-role is a
    super admin), from the one capability table."""
    return get_user_model().objects.filter(holders_q(capability), is_active=True, is_banned=False).order_by("pk")


def unclaimed(queryset: QuerySet, *, kind: str, subject_type: str, ref: str = "pk") -> QuerySet:
    """`queryset` without the rows an alert of `kind` was already raised for (any cycle). `ref` is
    the field holding the subject's primary key (`user_id` when the subject is the row's user)."""
    claims = AlertClaim.objects.filter(kind=kind, subject_type=subject_type,
                                       subject_id=Cast(OuterRef(ref), output_field=CharField()))
    return queryset.exclude(Exists(claims))


def alert_claim(*, kind: str, subject: models.Model, cycle: str = "") -> bool:
    """Claim the alert of `kind` about `subject` (in the caller's transaction). True for the one
    caller that inserted the claim, False when it was already raised."""
    subject_type, subject_id = subject_ref(subject)
    try:
        with transaction.atomic():
            AlertClaim.objects.create(kind=kind, subject_type=subject_type, subject_id=subject_id,
                                      cycle=str(cycle)[:64])
    except IntegrityError:
        return False
    return True


def alerts_raise(*, kind: str, subjects: Iterable[models.Model], send: Callable[[models.Model], None],
                 cycle: Callable[[models.Model], str] | None = None) -> int:
    """For each subject: claim, and when this run won the claim, `send(subject)` in the same
    transaction. Returns how many alerts this run raised."""
    raised = 0
    for subject in subjects:
        with transaction.atomic():
            if not alert_claim(kind=kind, subject=subject, cycle=cycle(subject) if cycle else ""):
                continue
            send(subject)
            raised += 1
    return raised
