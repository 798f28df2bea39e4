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
    """Errors stay JSON (`{"detail", "code"}`) whatever format the client asked for; so does any
    answer that is not the streamed export (OPTIONS' metadata with `?format=csv`, found by
    schemathesis: the CSV renderer has no body to render and the request was a 500)."""

    def finalize_response(self, request, response, *args, **kwargs):
        from rest_framework.response import Response

        if isinstance(response, Response) and isinstance(getattr(request, "accepted_renderer", None), CSVRenderer):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    def handle_exception(self, exc):
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)
