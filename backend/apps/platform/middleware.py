"""The request being served, for code that records who did what without being handed the
request (events and audit fall back to it). DRF sets `request.user` on the underlying Django
request once it authenticates, so the actor is visible here by the time a service runs."""

import contextvars

from django.http import HttpRequest

_current_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "platform_current_request", default=None
)


def get_current_request() -> HttpRequest | None:
    return _current_request.get()


def current_actor():
    """The authenticated user of the request being served, or None (jobs, anonymous calls)."""
    request = get_current_request()
    user = getattr(request, "user", None) if request is not None else None
    return user if user is not None and user.is_authenticated else None


class CurrentRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)
