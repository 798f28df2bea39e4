from rest_framework.renderers import BaseRenderer, JSONRenderer


class CSVRenderer(BaseRenderer):
    """Lets `?format=csv` (DRF's URL format override) select the CSV export. The export itself is
    a StreamingHttpResponse built by the view; this renderer never renders a body."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        raise NotImplementedError("CSV exports are streamed by their view.")


class JSONErrorsMixin:
    """Errors stay JSON (`{"detail", "code"}`) whatever format the client asked for."""

    def handle_exception(self, exc):
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)
