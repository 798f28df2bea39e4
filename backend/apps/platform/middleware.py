"""The request being served, for the audit trail's IP, user agent and request id when a service
is not handed the request. (The actor is never taken from here: events and audit entries name
theirs explicitly, see actors.py.)"""

import contextvars

from django.http import HttpRequest

_current_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "platform_current_request", default=None
)


def get_current_request() -> HttpRequest | None:
    return _current_request.get()


class CurrentRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)
