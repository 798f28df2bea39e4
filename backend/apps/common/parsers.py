"""The one JSON parser of the API (REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]).

DRF's JSONParser hands the body to `json.loads` as it is, so `[` x 10000 ends in a RecursionError
(a 500) and `"\\ud800"` (a lone surrogate) becomes a Python string that no encoder, database or
JSON renderer can write back (another 500). This parser refuses, before any view runs:

- a body larger than DATA_UPLOAD_MAX_MEMORY_SIZE (413 `request_too_large`; DRF reads the stream
  itself, so Django's own limit never applies to JSON);
- bytes that are not UTF-8, and text that is not JSON (400 `parse_error`);
- nesting deeper than MAX_JSON_DEPTH (400 `json_too_deep`), checked on the text before decoding;
- lone surrogates and NUL characters in any string or key (400 `invalid_unicode`): PostgreSQL
  can't store either, and nothing in this product means them.
"""

import io
import json
import re

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.settings import api_settings

from .errors import ApplicationError, ErrorCode

# The deepest legitimate body (a rule with conditions nested 10 groups deep) is about 25 levels.
MAX_JSON_DEPTH = 64

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
# Only a body whose text could hold them is walked for surrogates and NULs after decoding.
_SUSPICIOUS_ESCAPE = re.compile(r"\\u(?:[dD][89a-fA-F][0-9a-fA-F]{2}|0000)")
_BAD_CHARACTER = re.compile("[\x00\ud800-\udfff]")


def nesting_depth_exceeds(text: str, limit: int) -> bool:
    """True when the JSON text opens more than `limit` arrays/objects inside each other. Strings
    are removed first (brackets inside them don't count); what is left is walked once, and an
    attack (`[` x 10000) is refused after `limit` characters."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    depth = 0
    for char in brackets:
        depth += 1 if char in "[{" else -1
        if depth > limit:
            return True
    return False


def has_invalid_text(value) -> bool:
    """A NUL or a lone surrogate anywhere in the decoded value (keys included); iterative."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _BAD_CHARACTER.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


INVALID_UNICODE_MESSAGE = "The request contains characters that are not valid text (NUL or a lone surrogate)."


def invalid_unicode(value) -> ApplicationError:
    """400 `invalid_unicode`, with `errors` naming the top-level field that holds the bad text (as
    a serializer would), so a form can show it next to the field; the text itself is not echoed."""
    field = "non_field_errors"
    if isinstance(value, dict):
        field = next((key for key, item in value.items() if not has_invalid_text(key) and has_invalid_text(item)),
                     "non_field_errors")
    return ApplicationError(ErrorCode.INVALID_UNICODE, INVALID_UNICODE_MESSAGE, 400,
                            errors={field: [INVALID_UNICODE_MESSAGE]})


def loads_strict(text: str, *, max_depth: int = MAX_JSON_DEPTH):
    """`json.loads` under the rules above, for JSON that arrives inside other input too (Telegram's
    initData `user`). Raises ParseError, or ApplicationError `invalid_unicode`."""
    if nesting_depth_exceeds(text, max_depth):
        raise ParseError(f"JSON nested deeper than {max_depth} levels.", code=ErrorCode.JSON_TOO_DEEP)
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:  # not reachable after the depth check; kept as a guard
        raise ParseError(f"JSON nested deeper than {max_depth} levels.", code=ErrorCode.JSON_TOO_DEEP) from None
    except ValueError as exc:
        raise ParseError(f"JSON parse error - {_safe(exc)}", code=ErrorCode.PARSE_ERROR) from None
    if ("\x00" in text or _SUSPICIOUS_ESCAPE.search(text)) and has_invalid_text(value):
        raise invalid_unicode(value)
    return value


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _safe(exc: Exception) -> str:
    """json's messages quote no input, only positions; escaped all the same."""
    return str(exc).encode("ascii", "backslashreplace").decode("ascii")


def read_body(stream) -> bytes:
    """The body, never more than DATA_UPLOAD_MAX_MEMORY_SIZE of it (413 beyond)."""
    if stream is None:
        return b""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    raw = stream.read(limit + 1) if limit is not None else stream.read()
    if limit is not None and len(raw) > limit:
        raise ApplicationError(ErrorCode.REQUEST_TOO_LARGE, "The request body is too large.", 413, max_bytes=limit)
    return raw


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        raw = read_body(stream)
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            raise ParseError("The request body is not valid UTF-8 text.", code=ErrorCode.PARSE_ERROR) from None
        if not api_settings.STRICT_JSON:  # pragma: no cover - the API is always strict
            raise AssertionError("STRICT_JSON must stay on")
        return loads_strict(text)


class FormParser(parsers.FormParser):
    """URL-encoded forms under the same size limit (DRF reads the stream past Django's check)."""

    def parse(self, stream, media_type=None, parser_context=None):
        return super().parse(io.BytesIO(read_body(stream)), media_type, parser_context)
