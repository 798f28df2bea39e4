"""CSV export of the audit log, produced row by row so a large export never sits in memory; the
cells are escaped by the product's one CSV writer (apps/common/csv_export.py)."""

from collections.abc import Iterable, Iterator

from django.db.models import QuerySet

from apps.common.csv_export import csv_lines

from .models import AuditEntry

COLUMNS = ["id", "created_at", "actor_id", "actor_username", "action", "target_type", "target_id",
           "target_repr", "changes", "reason", "ip", "user_agent", "request_id", "metadata"]


def _row(entry: AuditEntry) -> list:
    return [entry.created_at.isoformat() if column == "created_at" else getattr(entry, column)
            for column in COLUMNS]


def audit_csv_lines(entries: QuerySet[AuditEntry] | Iterable[AuditEntry]) -> Iterator[str]:
    rows = entries.iterator(chunk_size=1000) if isinstance(entries, QuerySet) else entries
    return csv_lines(COLUMNS, (_row(entry) for entry in rows))
