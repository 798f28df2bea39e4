"""What a feature flag change records: the audit entry (with its field diff) and the platform event."""

from ..audit.services import audit_record
from ..audit.types import FlagAuditAction
from ..events.services import emit
from ..events.types import PlatformEvents
from .models import FeatureFlag


def flag_changed(flag: FeatureFlag, *, actor, action: FlagAuditAction, changes: dict, request=None) -> None:
    audit_record(actor=actor, action=action, target=flag, changes=changes, request=request,
                 metadata={"key": flag.key})
    emit(PlatformEvents.FLAG_CHANGED, actor=actor, subject=flag,
         payload={"key": flag.key, "action": action.value, "fields": sorted(changes)})
