"""What an admin maintenance run records: the platform event and the audit entry, whether it
succeeded or not."""

from apps.platform.audit.services import audit_record
from apps.platform.events.services import emit
from apps.platform.events.types import EventSpec

from .types import AdminAuditAction, AdminEvents

EVENT_TYPES = {
    AdminEvents.ACTION_RUN: EventSpec("An admin ran a maintenance action.", {
        "action": "its name", "params": "the validated params", "ok": "whether it succeeded",
        "duration_ms": "how long it took"}),
}


def action_run(*, actor, record: dict, params: dict, reason: str = "", request=None) -> None:
    """`record` is the run's `{action, ok, result, duration_ms}`."""
    emit(AdminEvents.ACTION_RUN, actor=actor,
         payload={"action": record["action"], "params": params, "ok": record["ok"],
                  "duration_ms": record["duration_ms"]})
    audit_record(actor=actor, action=AdminAuditAction.ACTION_RUN, reason=reason, request=request,
                 metadata={**record, "params": params})
