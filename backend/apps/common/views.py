from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import JsonResponse
from django.views.defaults import bad_request as django_bad_request
from django.views.defaults import page_not_found
from django.views.defaults import server_error as django_server_error

from .errors import ErrorCode


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def bad_request(request, exception=None):
    """Django's 400 for a request refused before any view (bad Host, too many fields, a body over
    DATA_UPLOAD_MAX_MEMORY_SIZE): `{detail, code}` under /api/, 413 for the oversized body."""
    from .exceptions import suspicious_request_error

    error = suspicious_request_error(exception if isinstance(exception, SuspiciousOperation)
                                     else SuspiciousOperation())
    if _is_api(request):
        return JsonResponse({"detail": error.message, "code": error.code}, status=error.http_status)
    response = django_bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        response.status_code = 413
    return response


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: JSON under /api/ (the API itself is token-authenticated and exempt; this
    reaches the few plain Django views there), Django's page elsewhere."""
    if _is_api(request):
        return JsonResponse({"detail": "CSRF verification failed.", "code": ErrorCode.CSRF_FAILED}, status=403)
    from django.views.csrf import csrf_failure as django_csrf_failure

    return django_csrf_failure(request, reason=reason)


def not_found(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": "Not found.", "code": "not_found"}, status=404)
    return page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return JsonResponse({"detail": "Server error.", "code": "server_error"}, status=500)
    return django_server_error(request)
