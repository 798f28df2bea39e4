"""Platform events and audit entries of scoring: a level that changed, an override set or removed."""

from apps.platform.audit.services import audit_record
from apps.platform.events.services import emit
from apps.platform.events.types import EventSpec

from .types import ScoringAuditAction, ScoringEvents

EVENT_TYPES = {
    ScoringEvents.LEVEL_CHANGED: EventSpec("A user's effective score level changed (recompute, override or its "
                                           "expiry).", {
        "user_id": "whose score", "kind": "client_risk or master_performance",
        "from_level": "the level shown before", "to_level": "the level shown now",
        "model_version": "the formula the score was computed with",
    }),
}


def level_changed(*, user, kind: str, from_level: str, to_level: str, model_version: str, actor) -> None:
    emit(ScoringEvents.LEVEL_CHANGED, actor=actor, subject=user, payload={
        "user_id": user.pk, "kind": kind, "from_level": from_level, "to_level": to_level,
        "model_version": model_version})


def override_set(score, *, actor, before: dict, reason: str) -> None:
    audit_record(actor=actor, action=ScoringAuditAction.OVERRIDE_SET, target=score.user,
                 changes={key: [before.get(key), value] for key, value in _override_of(score).items()},
                 reason=reason, metadata={"kind": score.kind})


def override_cleared(score, *, actor, before: dict, reason: str) -> None:
    audit_record(actor=actor, action=ScoringAuditAction.OVERRIDE_CLEARED, target=score.user,
                 changes={key: [value, None] for key, value in before.items() if value is not None},
                 reason=reason, metadata={"kind": score.kind})


def _override_of(score) -> dict:
    return {"override_level": score.override_level or None, "override_reason": score.override_reason or None,
            "override_expires_at": score.override_expires_at.isoformat() if score.override_expires_at else None}
