"""The SPA's index.html for its client-side routes, and HTTP 404 for every other path.

The build writes `routes.json` next to index.html (frontend/vite.config.ts, from
frontend/src/app/paths.ts): the patterns of every route the SPA's router knows, `:name` standing
for one path segment. A path that matches none of them still gets index.html, so the SPA shows its
own not-found page, but with status 404, so crawlers, monitors and link checkers see the truth.
"""

import json
import re
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.views.decorators.http import require_GET

MANIFEST = "routes.json"

_NOT_BUILT = """<!doctype html><html><head><meta charset="utf-8"><title>Marketplace</title></head>
<body><h1>Marketplace API is running</h1><p>The web app has not been built yet
(<code>make build</code>). API documentation: <a href="/api/v1/docs/">/api/v1/docs/</a>.</p></body></html>"""


def route_pattern(route: str) -> re.Pattern:
    """`/appointments/:id` -> a regex matching `/appointments/7` (and `/appointments/7/`)."""
    parts = [r"[^/]+" if part.startswith(":") else re.escape(part) for part in route.strip("/").split("/") if part]
    return re.compile("^/" + "/".join(parts) + ("/?$" if parts else "$"))


@lru_cache(maxsize=4)
def _patterns(manifest: Path, mtime_ns: int) -> tuple[re.Pattern, ...] | None:
    try:
        routes = json.loads(manifest.read_text(encoding="utf-8"))["routes"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return tuple(route_pattern(str(route)) for route in routes)


def spa_routes(dist: Path) -> tuple[re.Pattern, ...] | None:
    """The route patterns of the build in `dist`, re-read when a new build replaces the file;
    None for a build without a manifest (every path is then treated as a route)."""
    manifest = dist / MANIFEST
    try:
        mtime = manifest.stat().st_mtime_ns
    except OSError:
        return None
    return _patterns(manifest, mtime)


def is_spa_route(path: str, dist: Path) -> bool:
    patterns = spa_routes(dist)
    return patterns is None or any(pattern.match(path) for pattern in patterns)


@require_GET
def spa_index(request, *args, **kwargs):
    """index.html for any client-side route (404 for unknown paths); never cached so deploys show at once."""
    dist = Path(settings.FRONTEND_DIST_DIR)
    index = dist / "index.html"
    if not index.is_file():
        return HttpResponse(_NOT_BUILT)
    status = 200 if is_spa_route(request.path, dist) else 404
    response = FileResponse(index.open("rb"), content_type="text/html; charset=utf-8", status=status)
    response["Cache-Control"] = "no-cache"
    return response
