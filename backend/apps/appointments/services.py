"""Writes of appointments. Every status change goes through `appointment_transition`."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import SiteSettings
from apps.common.capabilities import Capability, Role, has_capability
from apps.common.errors import ApplicationError, Conflict, ErrorCode, Forbidden, NotFound
from apps.platform.actors import actor_user

from . import events, policy
from .errors import AppointmentErrorCode
from .events import AppointmentAuditAction
from .models import Appointment, AppointmentEvent, AppointmentEventType, AppointmentStatus
from .proofs import CleanProof, clean_proof
from .sla.clocks import clocks_on_status_change
from .state import FLOW, NEEDS_MASTER, NEEDS_PRICE, STAGE_TIMESTAMPS, TRANSITIONS, Action, guard_refusing
from .storage import private_storage

S = AppointmentStatus


def _record(appointment: Appointment, *, actor, type: str, from_status: str = "", to_status: str = "",
            data: dict | None = None) -> AppointmentEvent:
    """The timeline row and its platform event, in the caller's transaction."""
    event = AppointmentEvent.objects.create(
        appointment=appointment, actor=actor_user(actor), type=type, from_status=from_status, to_status=to_status,
        data=data or {},
    )
    events.appointment_event_recorded(event, actor=actor)
    return event


@transaction.atomic
def appointment_create(*, client, title: str, description: str = "", scheduled_for=None) -> Appointment:
    if not has_capability(client, Capability.APPOINTMENTS_CREATE):
        raise Forbidden("Only clients create requests.")
    appointment = Appointment.objects.create(
        client=client, title=title.strip(), description=description.strip(), scheduled_for=scheduled_for,
        currency=settings.CURRENCY,
    )
    _record(appointment, actor=client, type=AppointmentEventType.CREATED, to_status=S.NEW,
            data={"title": appointment.title})
    clocks_on_status_change(appointment, from_status="", to_status=S.NEW, action=None)
    return appointment


def appointment_lock(*, appointment_id: int) -> Appointment:
    """The appointment row, locked until the caller's transaction ends (`SELECT ... FOR UPDATE OF`
    on PostgreSQL; SQLite's transactions hold the database write lock), or 404. Every write that
    must see the appointment's current state (transitions, reviews) takes this lock, so they
    serialise on the same row. Call it inside `transaction.atomic()`."""
    appointment = (Appointment.objects.select_for_update(of=("self",))
                   .select_related("client", "master").filter(pk=appointment_id).first())
    if appointment is None:
        raise NotFound()
    return appointment


@dataclass(frozen=True)
class Audit:
    """Audit this transition: `action`, the reason, and the request it came from."""

    action: AppointmentAuditAction
    reason: str = ""
    request: Any = None


def appointment_transition(*, appointment_id: int, actor, action: Action,
                           apply: Callable[[Appointment], dict] | None = None,
                           target: S | None = None, audit: Audit | None = None) -> Appointment:
    """Perform one action of the state machine, atomically.

    Visibility is judged as the caller saw the appointment when asking (404 otherwise); the row is
    then locked and the actor and status re-checked on the locked row: not allowed -> 403, wrong
    status -> 409 `invalid_transition` with the current status. `apply` sets the action's own fields
    and returns data for the timeline event. With `audit`, the audit entry (the field diff of this
    very change) is written in the same transaction, under the same lock. Side effects run after
    commit (platform handlers). Who the actor is (role, capabilities, active master) is judged once
    per call."""
    transition = TRANSITIONS[action]
    judged = policy.actor_of(actor)
    # Any active master may try to take: in a race, the losers saw the request in their queue and
    # deserve "already taken" (409), not "no such thing" (404), whenever their request lands.
    taking = action == Action.TAKE and judged.active_master
    if not taking:
        _ensure_visible(appointment_id=appointment_id, actor=judged)
    with transaction.atomic():
        appointment = appointment_lock(appointment_id=appointment_id)
        if taking and not policy.may_view(appointment, judged):
            # It left the queue for someone else: say only that (no status, nothing about it).
            raise Conflict("This request is no longer available.", code=AppointmentErrorCode.ALREADY_TAKEN)
        kinds = policy.actor_kinds(appointment, judged)
        if not kinds & transition.actors:
            if action == Action.TAKE and judged.role == Role.MASTER:
                raise Forbidden("Your master profile is not active.", code=AppointmentErrorCode.MASTER_NOT_ACTIVE)
            raise Forbidden()
        if appointment.status not in transition.sources:
            raise Conflict(f"Cannot {action.replace('_', ' ')} an appointment in status {appointment.status}.",
                           code=AppointmentErrorCode.INVALID_TRANSITION, status=appointment.status)
        guard = guard_refusing(transition, appointment, kinds)
        if guard is not None:
            raise Forbidden(guard.message, code=guard.code)
        from_status = appointment.status
        before = events.audited_state(appointment) if audit else None
        data = apply(appointment) if apply else {}
        to_status = target or transition.target or appointment.status
        appointment.status = to_status
        stamp = STAGE_TIMESTAMPS.get(to_status)
        if stamp and to_status != from_status and getattr(appointment, stamp) is None:
            setattr(appointment, stamp, timezone.now())
        appointment.save()
        clocks_on_status_change(appointment, from_status=from_status, to_status=to_status, action=action)
        _record(appointment, actor=actor, type=transition.event, from_status=from_status,
                to_status=to_status, data=data)
        if audit:
            events.appointment_audited(appointment, actor=actor, action=audit.action, before=before,
                                       reason=audit.reason, request=audit.request)
    return appointment


def appointment_take(*, appointment_id: int, actor) -> Appointment:
    def apply(appointment: Appointment) -> dict:
        appointment.master = actor
        return {"master_id": actor.pk}

    return appointment_transition(appointment_id=appointment_id, actor=actor, action=Action.TAKE, apply=apply)


def appointment_set_price(*, appointment_id: int, actor, price: Decimal) -> Appointment:
    if price is None or price <= 0:
        raise ApplicationError(ErrorCode.INVALID, "The price must be greater than zero.", 400)

    def apply(appointment: Appointment) -> dict:
        appointment.price = price
        return {"price": str(price), "currency": appointment.currency}

    return appointment_transition(appointment_id=appointment_id, actor=actor, action=Action.SET_PRICE, apply=apply)


def _ensure_visible(*, appointment_id: int, actor) -> None:
    if not Appointment.objects.filter(policy.visible_q(actor), pk=appointment_id).exists():
        raise NotFound()


def _attach_proof(appointment: Appointment, name: str, proof: CleanProof) -> dict:
    old_name = appointment.payment_proof.name if appointment.payment_proof else ""
    appointment.payment_proof.name = name
    appointment.payment_proof_content_type = proof.content_type
    appointment.payment_proof_size = proof.size
    appointment.payment_proof_uploaded_at = timezone.now()
    if old_name:
        # Only once the replacement is durable does the replaced file go.
        transaction.on_commit(lambda: private_storage.delete(old_name))
    return {"content_type": proof.content_type, "size": proof.size, "replaced": bool(old_name)}


def _with_stored_proof(upload, *, appointment_id: int, actor, transition: Callable[[Callable], Appointment]
                       ) -> Appointment:
    """Validate and store the file first (outside the row lock: decoding is slow), then run the
    transition; if the transition fails for any reason the stored file is removed again."""
    _ensure_visible(appointment_id=appointment_id, actor=actor)
    proof = clean_proof(upload, max_bytes=SiteSettings.load().max_upload_mb * 1024 * 1024)
    name = private_storage.save(proof.content.name, proof.content)
    try:
        return transition(lambda appointment: _attach_proof(appointment, name, proof))
    except BaseException:
        private_storage.delete(name)
        raise


def appointment_upload_proof(*, appointment_id: int, actor, upload) -> Appointment:
    return _with_stored_proof(
        upload, appointment_id=appointment_id, actor=actor,
        transition=lambda attach: appointment_transition(
            appointment_id=appointment_id, actor=actor, action=Action.UPLOAD_PAYMENT_PROOF, apply=attach),
    )


def appointment_mark_paid(*, appointment_id: int, actor, upload=None) -> Appointment:
    """AWAITING_PAYMENT -> PAYMENT_PROOF_UPLOADED, with the proof already attached or sent now."""

    def mark(attach: Callable[[Appointment], dict] | None) -> Appointment:
        def apply(appointment: Appointment) -> dict:
            data = {}
            if attach is not None:
                data["proof"] = attach(appointment)
            elif not appointment.payment_proof:
                raise ApplicationError(ErrorCode.PROOF_REQUIRED, "Upload the payment proof first.", 400)
            appointment.payment_rejection_reason = ""
            return data

        return appointment_transition(appointment_id=appointment_id, actor=actor, action=Action.MARK_PAID,
                                      apply=apply)

    if upload is None:
        return mark(None)
    return _with_stored_proof(upload, appointment_id=appointment_id, actor=actor, transition=mark)


def appointment_confirm_payment(*, appointment_id: int, actor, audited: bool = False,
                                request=None) -> Appointment:
    """PAYMENT_PROOF_UPLOADED -> PAID; `audited` (the admin screens) also writes the audit entry."""

    def apply(appointment: Appointment) -> dict:
        appointment.payment_confirmed_by = actor
        return {"amount": str(appointment.price), "currency": appointment.currency}

    audit = Audit(AppointmentAuditAction.PAYMENT_CONFIRMED, request=request) if audited else None
    return appointment_transition(appointment_id=appointment_id, actor=actor, action=Action.CONFIRM_PAYMENT,
                                  apply=apply, audit=audit)


def appointment_reject_payment(*, appointment_id: int, actor, reason: str, audited: bool = False,
                               request=None) -> Appointment:
    """PAYMENT_PROOF_UPLOADED -> AWAITING_PAYMENT; `audited` (the admin screens) also audits it."""
    reason = _required_reason(reason)

    def apply(appointment: Appointment) -> dict:
        appointment.payment_rejection_reason = reason
        appointment.marked_paid_at = None
        return {"reason": reason}

    audit = Audit(AppointmentAuditAction.PAYMENT_REJECTED, reason=reason, request=request) if audited else None
    return appointment_transition(appointment_id=appointment_id, actor=actor, action=Action.REJECT_PAYMENT,
                                  apply=apply, audit=audit)


def appointment_start(*, appointment_id: int, actor) -> Appointment:
    return appointment_transition(appointment_id=appointment_id, actor=actor, action=Action.START)


def appointment_complete(*, appointment_id: int, actor) -> Appointment:
    return appointment_transition(appointment_id=appointment_id, actor=actor, action=Action.COMPLETE)


def appointment_decline(*, appointment_id: int, actor, reason: str) -> Appointment:
    reason = _required_reason(reason)

    def apply(appointment: Appointment) -> dict:
        appointment.decline_reason = reason
        return {"reason": reason}

    return appointment_transition(appointment_id=appointment_id, actor=actor, action=Action.DECLINE, apply=apply)


def appointment_cancel(*, appointment_id: int, actor, reason: str = "") -> Appointment:
    reason = (reason or "").strip()

    def apply(appointment: Appointment) -> dict:
        appointment.cancel_reason = reason
        return {"reason": reason} if reason else {}

    return appointment_transition(appointment_id=appointment_id, actor=actor, action=Action.CANCEL, apply=apply)


def appointment_set_status(*, appointment_id: int, actor, status: str, reason: str, request=None) -> Appointment:
    """Admin override: any status to any other, with a reason, through the same transition path;
    always audited (the field diff, in the transition's own lock)."""
    if status not in S.values:
        raise ApplicationError(ErrorCode.INVALID, f"Unknown status {status!r}.", 400,
                               errors={"status": [f"Choose from {', '.join(S.values)}."]})
    reason = _required_reason(reason)
    target = S(status)

    def apply(appointment: Appointment) -> dict:
        if appointment.status == target:
            raise Conflict(f"The appointment is already {target}.", code=AppointmentErrorCode.INVALID_TRANSITION,
                           status=appointment.status)
        data = {"reason": reason}
        if target == S.NEW and appointment.master_id:
            data["released_master_id"] = appointment.master_id  # so they hear about it
            appointment.master = None  # back into the queue
        elif target in NEEDS_MASTER and appointment.master_id is None:
            raise ApplicationError(AppointmentErrorCode.MASTER_REQUIRED, f"{target} needs an assigned master.", 400)
        if target in NEEDS_PRICE and appointment.price is None:
            raise ApplicationError(AppointmentErrorCode.PRICE_REQUIRED, f"{target} needs a price.", 400)
        # Moving back along the flow forgets the stages after the target, so they are timed anew.
        if target in FLOW:
            for later in (*FLOW[FLOW.index(target) + 1:], S.DECLINED_BY_MASTER, S.CANCELLED):
                setattr(appointment, STAGE_TIMESTAMPS[later], None)
        return data

    return appointment_transition(appointment_id=appointment_id, actor=actor, action=Action.SET_STATUS,
                                  apply=apply, target=target,
                                  audit=Audit(AppointmentAuditAction.STATUS_SET, reason=reason, request=request))


def _required_reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(ErrorCode.INVALID, "A reason is required.", 400, errors={"reason": ["Required."]})
    return reason[:1000]


@transaction.atomic
def appointment_record_event(*, appointment: Appointment, actor, type: str, data: dict | None = None
                             ) -> AppointmentEvent:
    """For other apps' timeline entries that are not status changes (message deleted, review left)."""
    return _record(appointment, actor=actor, type=type, data=data)
