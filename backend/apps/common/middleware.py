"""Request id: taken from `X-Request-ID` when a proxy sent a sane one, generated otherwise,
echoed on the response and available to logs, events and audit through a context variable."""

import contextvars
import logging
import re
import uuid

from .errors import ErrorCode

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
_VALID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
HEADER = "X-Request-ID"


def get_request_id() -> str:
    return _request_id.get()


def set_request_id(value: str) -> contextvars.Token:
    return _request_id.set(value)


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(HEADER, "")
        request_id = incoming if _VALID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = get_request_id() or "-"
        return True


class RefuseNulMiddleware:
    """A NUL character can't be part of any resource name or filter here, and PostgreSQL refuses
    it in a text parameter (a 500 from any lookup that passes it on). A path with one is a 404, a
    query string with one a 400, before any view or database sees it. JSON bodies are checked by
    the parser, Telegram's signed fields by apps/accounts/telegram.py, the rest by DRF's fields."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            return _refusal(request, 404, ErrorCode.NOT_FOUND, "Not found.")
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in query or "%00" in query:
            return _refusal(request, 400, ErrorCode.INVALID_UNICODE, "The query string contains a NUL character.")
        return self.get_response(request)


def _refusal(request, status: int, code: str, detail: str):
    from django.http import HttpResponse, JsonResponse

    if request.path.startswith("/api/"):
        return JsonResponse({"detail": detail, "code": code}, status=status)
    return HttpResponse(detail, status=status, content_type="text/plain; charset=utf-8")


class ApiAliasDeprecationMiddleware:
    """The unversioned `/api/...` aliases answer exactly like `/api/v1/...` and say they are
    deprecated: `Deprecation: @<unix seconds>` (RFC 9745, the structured date form; the moment is
    `API_ALIAS_DEPRECATED_AT`) and `Link: </api/v1/...>; rel="successor-version"` (the same path
    and query under `/api/v1/`). `/api/v1/` itself carries neither (docs/api.md, "Versioning")."""

    PREFIX = "/api/"
    CANONICAL = "/api/v1/"

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.deprecated_at = f"@{int(settings.API_ALIAS_DEPRECATED_AT.timestamp())}"

    def __call__(self, request):
        response = self.get_response(request)
        path_info = request.path_info
        if path_info.startswith(self.PREFIX) and not path_info.startswith(self.CANONICAL):
            response["Deprecation"] = self.deprecated_at
            response["Link"] = f'<{successor_url(request)}>; rel="successor-version"'
        return response


def successor_url(request) -> str:
    """The `/api/v1/` URL answering what this `/api/` alias request asked (script prefix and
    query string kept, the query exactly as sent)."""
    script_prefix = request.path[: len(request.path) - len(request.path_info)]
    rest = request.path[len(script_prefix) + len(ApiAliasDeprecationMiddleware.PREFIX):]
    url = f"{script_prefix}{ApiAliasDeprecationMiddleware.CANONICAL}{rest}"
    query = request.META.get("QUERY_STRING", "")
    return f"{url}?{query}" if query else url
