"""The appointment state machine as data. Services read this table; nothing else decides who may
move an appointment from which status to which."""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from .errors import AppointmentErrorCode
from .models import AppointmentEventType as E
from .models import AppointmentStatus as S


class Action(StrEnum):
    TAKE = "take"
    SET_PRICE = "set_price"
    UPLOAD_PAYMENT_PROOF = "upload_payment_proof"
    MARK_PAID = "mark_paid"
    CONFIRM_PAYMENT = "confirm_payment"
    REJECT_PAYMENT = "reject_payment"
    START = "start"
    COMPLETE = "complete"
    DECLINE = "decline"
    CANCEL = "cancel"
    SET_STATUS = "set_status"
    AUTO_CANCEL = "auto_cancel"  # the system: an unpaid request past the SLA policy's auto_cancel_unpaid_hours


class ActorKind(StrEnum):
    """What a user is with respect to one appointment (a user can be several)."""

    CLIENT_OWNER = "client_owner"
    ASSIGNED_MASTER = "assigned_master"
    ACTIVE_MASTER = "active_master"
    PAYMENT_CONFIRMER = "payment_confirmer"   # capability payments.confirm
    PAYMENT_REJECTER = "payment_rejecter"     # capability payments.reject
    APPOINTMENT_MANAGER = "appointment_manager"  # capability appointments.manage
    SYSTEM = "system"  # the platform itself (a job's SystemActor), never a user


@dataclass(frozen=True)
class Guard:
    """A condition on the appointment that narrows who may take an action: while `holds(row)`,
    only `only` actor kinds may (anyone else: 403 with `code`, and the action leaves their
    `allowed_actions`)."""

    holds: Callable[[object], bool]
    only: frozenset[ActorKind]
    code: str
    message: str


@dataclass(frozen=True)
class Transition:
    action: Action
    actors: frozenset[ActorKind]
    sources: frozenset[S]
    target: S | None  # None: the status stays (e.g. replacing a proof); SET_STATUS takes it from input
    event: E
    guards: tuple[Guard, ...] = ()


def _t(action, actors, sources, target, event, guards=()) -> Transition:
    return Transition(action, frozenset(actors), frozenset(sources), target, event, tuple(guards))


A, K = Action, ActorKind
ALL_STATUSES = frozenset(S)

# A rule asked for an admin's review of this payment (rules' require_payment_review): the assigned
# master may no longer confirm it; an admin with payments.confirm still can.
PAYMENT_REVIEW = Guard(holds=lambda appointment: bool(getattr(appointment, "payment_review_required", False)),
                       only=frozenset({K.PAYMENT_CONFIRMER}), code=AppointmentErrorCode.PAYMENT_REVIEW_REQUIRED,
                       message="An admin has to review this payment before it is confirmed.")

TRANSITIONS: dict[Action, Transition] = {t.action: t for t in (
    _t(A.TAKE, {K.ACTIVE_MASTER}, {S.NEW}, S.IN_REVIEW, E.TAKEN),
    _t(A.SET_PRICE, {K.ASSIGNED_MASTER}, {S.IN_REVIEW}, S.AWAITING_PAYMENT, E.PRICED),
    _t(A.UPLOAD_PAYMENT_PROOF, {K.CLIENT_OWNER}, {S.AWAITING_PAYMENT, S.PAYMENT_PROOF_UPLOADED}, None,
       E.PAYMENT_PROOF_UPLOADED),
    _t(A.MARK_PAID, {K.CLIENT_OWNER}, {S.AWAITING_PAYMENT}, S.PAYMENT_PROOF_UPLOADED, E.MARKED_PAID),
    _t(A.CONFIRM_PAYMENT, {K.ASSIGNED_MASTER, K.PAYMENT_CONFIRMER}, {S.PAYMENT_PROOF_UPLOADED}, S.PAID,
       E.PAYMENT_CONFIRMED, guards=[PAYMENT_REVIEW]),
    _t(A.REJECT_PAYMENT, {K.ASSIGNED_MASTER, K.PAYMENT_REJECTER}, {S.PAYMENT_PROOF_UPLOADED}, S.AWAITING_PAYMENT,
       E.PAYMENT_REJECTED),
    _t(A.START, {K.ASSIGNED_MASTER}, {S.PAID}, S.IN_PROGRESS, E.STARTED),
    _t(A.COMPLETE, {K.ASSIGNED_MASTER}, {S.IN_PROGRESS}, S.COMPLETED, E.COMPLETED),
    _t(A.DECLINE, {K.ASSIGNED_MASTER}, {S.IN_REVIEW, S.AWAITING_PAYMENT}, S.DECLINED_BY_MASTER, E.DECLINED),
    _t(A.CANCEL, {K.CLIENT_OWNER}, {S.NEW, S.IN_REVIEW, S.AWAITING_PAYMENT}, S.CANCELLED, E.CANCELLED),
    _t(A.SET_STATUS, {K.APPOINTMENT_MANAGER}, ALL_STATUSES, None, E.STATUS_SET),
    _t(A.AUTO_CANCEL, {K.SYSTEM}, {S.AWAITING_PAYMENT}, S.CANCELLED, E.CANCELLED),
)}

# The happy path, in order.
FLOW: tuple[S, ...] = (S.NEW, S.IN_REVIEW, S.AWAITING_PAYMENT, S.PAYMENT_PROOF_UPLOADED, S.PAID, S.IN_PROGRESS,
                       S.COMPLETED)

# Statuses that only make sense with a master assigned / a price set (checked on admin set-status).
NEEDS_MASTER = frozenset({S.IN_REVIEW, S.AWAITING_PAYMENT, S.PAYMENT_PROOF_UPLOADED, S.PAID, S.IN_PROGRESS,
                          S.COMPLETED, S.DECLINED_BY_MASTER})
NEEDS_PRICE = frozenset({S.AWAITING_PAYMENT, S.PAYMENT_PROOF_UPLOADED, S.PAID, S.IN_PROGRESS, S.COMPLETED})

# The timestamp each status stamps when it is first reached.
STAGE_TIMESTAMPS: dict[S, str] = {
    S.IN_REVIEW: "taken_at",
    S.AWAITING_PAYMENT: "priced_at",
    S.PAYMENT_PROOF_UPLOADED: "marked_paid_at",
    S.PAID: "payment_confirmed_at",
    S.IN_PROGRESS: "started_at",
    S.COMPLETED: "completed_at",
    S.DECLINED_BY_MASTER: "declined_at",
    S.CANCELLED: "cancelled_at",
}


def guard_refusing(transition: Transition, appointment, kinds: set[ActorKind]) -> Guard | None:
    """The first guard of `transition` that refuses these actor kinds on `appointment`, or None."""
    for guard in transition.guards:
        if guard.holds(appointment) and not kinds & guard.only:
            return guard
    return None


def actions_for(status: S, kinds: set[ActorKind], appointment=None) -> list[Action]:
    """Actions these actor kinds may take in this status, in table order (with `appointment`,
    also those its guards allow)."""
    return [t.action for t in TRANSITIONS.values() if status in t.sources and kinds & t.actors
            and (appointment is None or guard_refusing(t, appointment, kinds) is None)]
