"""The API's JSON renderer. Cyrillic stays readable (UTF-8, not \\u escapes), but a string that
UTF-8 can't encode (a lone surrogate that reached a response by some other road than the parser)
is escaped instead of crashing the response into a 500."""

from rest_framework import renderers


class JSONRenderer(renderers.JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        try:
            return super().render(data, accepted_media_type, renderer_context)
        except UnicodeEncodeError:
            self.ensure_ascii = True
            return super().render(data, accepted_media_type, renderer_context)
