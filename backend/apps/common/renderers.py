"""The API's JSON renderer: DRF's JSONRenderer output, written by orjson.

Byte for byte what `rest_framework.renderers.JSONRenderer` writes for the API's data (compact,
UTF-8, U+2028/U+2029 escaped), with the types orjson would write its own way (datetimes, dates,
times, dataclasses) handed to DRF's own encoder. Anything orjson refuses (an integer beyond 64
bits, an unknown type, a lone surrogate) and any request for indented output goes through DRF's
renderer. One difference remains by design: a NaN or infinite float becomes `null` instead of an
error. bench/README.md and docs/performance.md show what it saves on a 50-item page.

Cyrillic stays readable (UTF-8, not \\u escapes), but a string that UTF-8 can't encode (a lone
surrogate that reached a response by some other road than the parser) is escaped instead of
crashing the response into a 500.
"""

import orjson
from rest_framework import renderers
from rest_framework.utils.encoders import JSONEncoder

OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_NON_STR_KEYS
_encoder = JSONEncoder()


class JSONRenderer(renderers.JSONRenderer):
    """DRF's renderer that escapes what UTF-8 can't encode instead of failing."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        try:
            return super().render(data, accepted_media_type, renderer_context)
        except UnicodeEncodeError:
            self.ensure_ascii = True
            return super().render(data, accepted_media_type, renderer_context)


class ORJSONRenderer(JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if (not self.compact or self.ensure_ascii
                or self.get_indent(accepted_media_type, renderer_context or {}) is not None):
            return super().render(data, accepted_media_type, renderer_context)
        try:
            rendered = orjson.dumps(data, default=_encoder.default, option=OPTIONS)
        except (orjson.JSONEncodeError, TypeError, ValueError):
            return super().render(data, accepted_media_type, renderer_context)
        # As DRF does: JSON stays a strict subset of JavaScript.
        return rendered.replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029")
