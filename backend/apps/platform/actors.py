"""Who did something. Events and audit entries always name their actor explicitly: a user, the
system, or nobody (an anonymous caller, e.g. a failed sign-in). Never "whoever the current
request belongs to": a job or a rule that acts inside someone's request is still not them.

`SystemActor` is the platform itself acting (a periodic job, a rule, a maintenance run). It is
recorded as `actor=None` with `actor_kind="system"` and its name in `actor_label` on the event,
and as `actor_username="system:<name>"` on an audit entry (a colon never appears in a username)."""

from dataclasses import dataclass
from enum import StrEnum


class ActorType(StrEnum):
    USER = "user"
    SYSTEM = "system"
    ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class SystemActor:
    """The system acting under a name that says what ran: `job:reviews.publish_due`."""

    name: str
    pk = None
    is_authenticated = False

    def get_username(self) -> str:
        return f"system:{self.name}"

    def __str__(self) -> str:
        return self.get_username()


SYSTEM = SystemActor("system")


def system_actor(name: str) -> SystemActor:
    name = str(name or "").strip()
    if not name:
        raise ValueError("A system actor needs a name.")
    return SystemActor(name[:90])


def job_actor(job_name: str) -> SystemActor:
    """The actor of everything a job does: `job:<name>`."""
    return system_actor(f"job:{job_name}")


def actor_type(actor) -> ActorType:
    if isinstance(actor, SystemActor):
        return ActorType.SYSTEM
    if actor is not None and getattr(actor, "pk", None) is not None:
        return ActorType.USER
    return ActorType.ANONYMOUS


def actor_label(actor) -> str:
    return actor.name if isinstance(actor, SystemActor) else ""


def actor_user(actor):
    """The user row to store as the actor (None for the system and for nobody)."""
    return actor if actor_type(actor) == ActorType.USER else None
