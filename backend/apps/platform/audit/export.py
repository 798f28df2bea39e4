"""CSV export of the audit log, produced row by row so a large export never sits in memory."""

import csv
import json
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet

from .models import AuditEntry

COLUMNS = ["id", "created_at", "actor_id", "actor_username", "action", "target_type", "target_id",
           "target_repr", "changes", "reason", "ip", "user_agent", "request_id", "metadata"]
# A spreadsheet would run a cell starting with these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _row(entry: AuditEntry) -> list[str]:
    return [_cell(getattr(entry, column) if column != "created_at" else entry.created_at.isoformat())
            for column in COLUMNS]


def audit_csv_lines(entries: QuerySet[AuditEntry] | Iterable[AuditEntry]) -> Iterator[str]:
    """The header then one line per entry; starts with a BOM so spreadsheets read UTF-8 (Cyrillic)."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(COLUMNS)
    rows = entries.iterator(chunk_size=1000) if isinstance(entries, QuerySet) else entries
    for entry in rows:
        yield writer.writerow(_row(entry))
