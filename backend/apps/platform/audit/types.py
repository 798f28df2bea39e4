"""The registry of audit actions. The platform lists no domain's actions: each app names its own
in a StrEnum and registers them (with a description) from `AppConfig.ready()`:

    register_audit_actions(ReviewAuditAction, owner="reviews", descriptions={...})

`audit_record()` refuses an action nobody registered (`Unregistered`, a programming error)."""

from collections.abc import Mapping
from enum import StrEnum

from apps.common.registry import Registry

AUDIT_ACTIONS = Registry("audit action")


class FlagAuditAction(StrEnum):
    """The platform's own audited actions: feature flag changes."""

    FLAG_CREATED = "flag.created"
    FLAG_UPDATED = "flag.updated"
    FLAG_DELETED = "flag.deleted"


FLAG_AUDIT_DESCRIPTIONS = {
    FlagAuditAction.FLAG_CREATED: "A feature flag was created.",
    FlagAuditAction.FLAG_UPDATED: "A feature flag was changed (its field diff).",
    FlagAuditAction.FLAG_DELETED: "A feature flag was deleted.",
}


def register_audit_actions(actions: type[StrEnum], *, owner: str, descriptions: Mapping | None = None) -> None:
    AUDIT_ACTIONS.register_enum(actions, owner=owner, descriptions=dict(descriptions or {}))


def audit_action_names() -> list[str]:
    return AUDIT_ACTIONS.names()
