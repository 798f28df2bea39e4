from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.views.decorators.http import require_GET

_NOT_BUILT = """<!doctype html><html><head><meta charset="utf-8"><title>Marketplace</title></head>
<body><h1>Marketplace API is running</h1><p>The web app has not been built yet
(<code>make build</code>). API documentation: <a href="/api/v1/docs/">/api/v1/docs/</a>.</p></body></html>"""


@require_GET
def spa_index(request, *args, **kwargs):
    """Serve the SPA's index.html for any client-side route; never cached so deploys show at once."""
    index = settings.FRONTEND_DIST_DIR / "index.html"
    if not index.is_file():
        return HttpResponse(_NOT_BUILT)
    response = FileResponse(index.open("rb"), content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response
