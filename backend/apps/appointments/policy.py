"""Who may see and act on an appointment: the decisions, kept apart from the reads that apply them
(selectors.py) and the writes that enforce them (services.py). `state.py` says which actor kinds
may take which action; this module says which kinds a user is, and who sees what.

Each rule exists once, in two forms side by side where lists need it: a predicate on one row and
the `Q` that selects the same rows (tests keep the two in step).

- Taking part: the client owner, and the assigned master. Chat and reviews build on this.
- Seeing: those who take part; an active master also sees the NEW queue; an admin sees every
  appointment when their sub-role holds `appointments.view`. Other admins see none.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from apps.accounts.models import MasterProfile
from apps.common.capabilities import Capability, Role, capabilities_of, effective_role
from apps.platform.actors import SystemActor

from .models import Appointment, AppointmentStatus
from .state import ActorKind

S = AppointmentStatus
NOTHING = Q(pk__in=[])  # matches no row (Django answers it without a query)


@dataclass(frozen=True)
class Actor:
    """One caller, judged once: their role, their capabilities and whether they are an active
    master. A transition computes it once and asks it every question of the call."""

    user: Any
    role: Role | None
    capabilities: frozenset[Capability]
    active_master: bool
    system: bool = False  # the platform itself (a job): sees every appointment, acts as ActorKind.SYSTEM

    @property
    def pk(self) -> int | None:
        return getattr(self.user, "pk", None)

    def can(self, capability: Capability) -> bool:
        return Capability(capability) in self.capabilities


def is_active_master(user) -> bool:
    """A master whose profile is active: only they see the NEW queue and take requests."""
    if isinstance(user, Actor):
        return user.active_master
    if effective_role(user) != Role.MASTER:
        return False
    profile = getattr(user, "master_profile", None)
    return profile is not None and profile.is_active


def active_masters_q() -> Q:
    """`is_active_master` as a filter over users (a superuser counts as an admin, never a master)."""
    return Q(role=Role.MASTER, is_superuser=False, master_profile__status=MasterProfile.Status.ACTIVE)


def actor_of(user) -> Actor:
    """`user` (a User, an Actor or None) as an Actor."""
    if isinstance(user, Actor):
        return user
    if isinstance(user, SystemActor):
        return Actor(user=user, role=None, capabilities=frozenset(), active_master=False, system=True)
    if user is None or not getattr(user, "is_authenticated", False):
        return Actor(user=None, role=None, capabilities=frozenset(), active_master=False)
    return Actor(user=user, role=effective_role(user), capabilities=capabilities_of(user),
                 active_master=is_active_master(user))


# --- taking part -----------------------------------------------------------------------------

def takes_part(appointment: Appointment, user) -> bool:
    """The client owner (as a client) or the assigned master (as a master)."""
    actor = actor_of(user)
    if actor.pk is None:
        return False
    if actor.role == Role.CLIENT:
        return appointment.client_id == actor.pk
    if actor.role == Role.MASTER:
        return appointment.master_id is not None and appointment.master_id == actor.pk
    return False


def taking_part_q(user) -> Q:
    """The appointments `user` takes part in (the rows `takes_part` says yes to)."""
    actor = actor_of(user)
    if actor.role == Role.CLIENT:
        return Q(client_id=actor.pk)
    if actor.role == Role.MASTER:
        return Q(master_id=actor.pk)
    return NOTHING


def sees_every_appointment(user) -> bool:
    return actor_of(user).can(Capability.APPOINTMENTS_VIEW)


def in_queue(appointment: Appointment) -> bool:
    return appointment.status == S.NEW and appointment.master_id is None


def queue_q() -> Q:
    return Q(status=S.NEW, master__isnull=True)


# --- seeing ----------------------------------------------------------------------------------

def involved_q(user) -> Q:
    """What the caller's own lists (`my/`, `active/`) hold: what they take part in; every
    appointment for an admin with `appointments.view`."""
    actor = actor_of(user)
    return Q() if actor.can(Capability.APPOINTMENTS_VIEW) else taking_part_q(actor)


def visible_q(user) -> Q:
    """What the caller may see at all: what they take part in, the NEW queue for an active
    master, everything for an admin with `appointments.view`."""
    actor = actor_of(user)
    if actor.system or actor.can(Capability.APPOINTMENTS_VIEW):
        return Q()
    condition = taking_part_q(actor)
    return condition | queue_q() if actor.active_master else condition


def may_view(appointment: Appointment, user) -> bool:
    """`visible_q` on one row."""
    actor = actor_of(user)
    return (actor.system or actor.can(Capability.APPOINTMENTS_VIEW) or takes_part(appointment, actor)
            or (actor.active_master and in_queue(appointment)))


def may_download_proof(appointment: Appointment, user) -> bool:
    """The client owner, the assigned master and admins with `appointments.view`; not a master
    who merely sees the request in the queue."""
    actor = actor_of(user)
    return takes_part(appointment, actor) or actor.can(Capability.APPOINTMENTS_VIEW)


def may_see_tags(appointment: Appointment, user) -> bool:
    """Tags and the payment review's reason (set by rules) are for admins who see every appointment
    and for the assigned master, not for the client."""
    actor = actor_of(user)
    return actor.can(Capability.APPOINTMENTS_VIEW) or (
        actor.pk is not None and appointment.master_id is not None and appointment.master_id == actor.pk)


def may_see_queue(user) -> bool:
    actor = actor_of(user)
    return actor.active_master or actor.can(Capability.APPOINTMENTS_VIEW)


# --- acting ----------------------------------------------------------------------------------

def actor_kinds(appointment: Appointment, user) -> set[ActorKind]:
    """What `user` is with respect to this appointment (the state table's actor kinds)."""
    actor = actor_of(user)
    kinds: set[ActorKind] = set()
    if actor.system:
        return {ActorKind.SYSTEM}
    if actor.pk is None:
        return kinds
    if appointment.client_id == actor.pk:
        kinds.add(ActorKind.CLIENT_OWNER)
    if appointment.master_id is not None and appointment.master_id == actor.pk:
        kinds.add(ActorKind.ASSIGNED_MASTER)
    if actor.active_master:
        kinds.add(ActorKind.ACTIVE_MASTER)
    if actor.can(Capability.PAYMENTS_CONFIRM):
        kinds.add(ActorKind.PAYMENT_CONFIRMER)
    if actor.can(Capability.PAYMENTS_REJECT):
        kinds.add(ActorKind.PAYMENT_REJECTER)
    if actor.can(Capability.APPOINTMENTS_MANAGE):
        kinds.add(ActorKind.APPOINTMENT_MANAGER)
    return kinds
