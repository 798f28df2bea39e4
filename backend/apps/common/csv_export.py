"""The one CSV writer for every export of the product (audit log now; analytics and SLA reports
use the same): UTF-8 with a BOM, streamed line by line, every cell safe to open in a spreadsheet.

Spreadsheets run a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a
formula (CSV injection). A Russian-locale Excel also splits a comma-separated file on `;`, so
`Ivan;=cmd|' /C calc'!A0` arrives there as two cells, the second a formula. So a text cell:

- is quoted whenever it holds a comma, a semicolon, a tab, a quote or a line break (no locale can
  split a quoted cell);
- gets a `'` before every formula character that starts it *or* follows one of those separators,
  so even a reader that splits inside quotes sees text.

Numbers (int, float, Decimal) are written as they are: `-5` is a value, not a formula."""

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NEEDS_QUOTES = re.compile(r'[,;\t"\r\n]')
# a formula character at the start of the cell or right after a separator (or a line break)
_FORMULA_AFTER_SEPARATOR = re.compile(r"(^|[,;\t\r\n])(?=[=+\-@\t\r])")
BOM = "\ufeff"
LINE_END = "\r\n"


def csv_cell(value: Any) -> str:
    """One cell, escaped and quoted as needed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = _FORMULA_AFTER_SEPARATOR.sub(lambda match: match.group(1) + "'", str(value))
    if _NEEDS_QUOTES.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_line(cells: Sequence[Any]) -> str:
    return ",".join(csv_cell(cell) for cell in cells) + LINE_END


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The header (after a BOM, so spreadsheets read UTF-8 Cyrillic) then one line per row; for a
    StreamingHttpResponse."""
    yield BOM + csv_line(header)
    for row in rows:
        yield csv_line(row)
