"""The security headers of the SPA, in one place: Django sends them under `make run` (the
middleware below) and nginx's snippets in production must say exactly the same (a test compares
them: apps/common/tests/test_csp.py). docs/decisions/0031-nginx-front.md explains each source.

What the SPA needs from outside:
- https://telegram.org serves the Telegram Login Widget's script; the widget compiles its
  `data-onauth` callback with `new Function`, hence 'unsafe-eval'; its sign-in runs in an iframe
  from https://oauth.telegram.org and in a popup, so the opener policy allows popups;
- MUI (emotion) injects <style> elements at run time: style-src 'unsafe-inline';
- Telegram avatars come from t.me and *.telegram.org;
- web.telegram.org may frame the app (a Telegram Mini App); nobody else may.
"""

SPA_CONTENT_SECURITY_POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'", "https://telegram.org", "'unsafe-eval'"),
    "style-src": ("'self'", "'unsafe-inline'"),
    "img-src": ("'self'", "data:", "blob:", "https://t.me", "https://*.telegram.org"),
    "font-src": ("'self'", "data:"),
    "connect-src": ("'self'",),
    "frame-src": ("https://oauth.telegram.org",),
    "frame-ancestors": ("'self'", "https://web.telegram.org"),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
}

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=()"
CROSS_ORIGIN_OPENER_POLICY = "same-origin-allow-popups"


def policy_header(policy: dict[str, tuple[str, ...]] = SPA_CONTENT_SECURITY_POLICY) -> str:
    return "; ".join(f"{directive} {' '.join(sources)}" for directive, sources in policy.items())


SPA_HEADERS = {
    "Content-Security-Policy": policy_header(),
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": CROSS_ORIGIN_OPENER_POLICY,
}

# Served by Django itself, with their own headers (Django's, the API docs' own scripts).
_NOT_SPA = ("/api/", "/django-admin/", "/static/", "/media/", "/healthz")


class SpaSecurityHeadersMiddleware:
    """Adds SPA_HEADERS to the SPA's responses (index.html for every client route, and the built
    files WhiteNoise serves: place it between SecurityMiddleware and WhiteNoiseMiddleware). The
    SPA is framed only as the CSP's frame-ancestors says, as behind nginx, so Django's
    X-Frame-Options: DENY is not sent with it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(_NOT_SPA):
            return response
        for header, value in SPA_HEADERS.items():
            response[header] = value
        if "X-Frame-Options" in response:
            del response["X-Frame-Options"]
        return response
