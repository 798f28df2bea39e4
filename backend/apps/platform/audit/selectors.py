from django.db.models import QuerySet

from .models import AuditEntry


def audit_list() -> QuerySet[AuditEntry]:
    """Every audit entry, newest first (the admin log and its CSV export filter this)."""
    return AuditEntry.objects.order_by("-id")
