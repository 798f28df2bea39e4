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


class AfterResponseMiddleware:
    """The platform's request-thread event handlers (notifications, realtime frames) of what a
    request committed run once its response has been sent: the WSGI (or ASGI) server calls
    `response.close()` after writing the body, and they run there, before Django's own close. The
    caller gets its answer without waiting for them; the others hear as soon as before, give or
    take the response's serialisation. Django's test client closes the response before it
    returns, so tests see their effects as before."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .events.services import handlers_held, run_after_response

        with handlers_held([]) as waiting:
            response = self.get_response(request)
        if waiting:
            close = response.close

            def dispatch_then_close():
                try:
                    run_after_response(waiting)
                finally:
                    close()
            response.close = dispatch_then_close
        return response
