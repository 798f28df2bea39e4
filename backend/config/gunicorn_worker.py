"""gunicorn's sync worker, answering its own refusals of a malformed request (a request line over
limit_request_line, too many or too large headers, a broken request line) with the API's
`{detail, code}` JSON instead of gunicorn's HTML page. Behind nginx these never reach gunicorn
(nginx's limits are lower and answer the same JSON); under `make run` gunicorn faces the client.

Imported by gunicorn's master before Django is set up: nothing from Django here (apps.common.errors
is a plain enum module)."""

import json

from gunicorn import util
from gunicorn.http import errors
from gunicorn.workers.sync import SyncWorker

from apps.common.errors import ErrorCode

from . import collector

# (status, reason, code, detail); the first matching class wins
_REFUSALS = (
    (errors.LimitRequestLine, 414, "URI Too Long", ErrorCode.URI_TOO_LONG, "The request line is too long."),
    (errors.LimitRequestHeaders, 431, "Request Header Fields Too Large", ErrorCode.HEADERS_TOO_LARGE,
     "The request has too many or too large headers."),
    (errors.ExpectationFailed, 417, "Expectation Failed", ErrorCode.BAD_REQUEST, "The Expect header can't be met."),
    (errors.ForbiddenProxyRequest, 403, "Forbidden", ErrorCode.PERMISSION_DENIED, "Request forbidden."),
)
# Not the client's fault, or not a refusal of a request: gunicorn's own handling stays.
_NOT_REFUSALS = (errors.ConfigurationProblem, errors.InvalidResponseHeader, errors.InvalidResponseHeaderName,
                 errors.UnsupportedTransferCoding)


def refusal_response(exc: Exception) -> bytes | None:
    """The whole HTTP response for a refused request, or None to let gunicorn answer."""
    if not isinstance(exc, errors.ParseException) or isinstance(exc, _NOT_REFUSALS):
        return None
    status, reason, code, detail = 400, "Bad Request", ErrorCode.BAD_REQUEST, "The request is malformed."
    for kind, *answer in _REFUSALS:
        if isinstance(exc, kind):
            status, reason, code, detail = answer
            break
    body = json.dumps({"detail": detail, "code": code}).encode()
    head = (f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n")
    return head.encode("latin-1") + body


class JsonErrorSyncWorker(SyncWorker):
    """gunicorn's sync worker, plus: refusals answered as JSON, and the full garbage collections
    run between requests (config/collector.py)."""

    def load_wsgi(self):
        super().load_wsgi()
        collector.after_app_loaded(warm=collector.warm_django)

    def handle(self, listener, client, addr):
        try:
            super().handle(listener, client, addr)
        finally:  # the response is written and the socket closed: a pause here delays nobody's answer
            collector.between_requests()

    def handle_error(self, req, client, addr, exc):
        response = refusal_response(exc)
        if response is None:
            return super().handle_error(req, client, addr, exc)
        self.log.warning("Invalid request from ip=%s: %s", (addr or ("",))[0], exc)
        try:
            util.write_nonblock(client, response)
        except Exception:  # the client went away; nothing to answer
            self.log.debug("Failed to send error message.")
