"""The one DRF exception handler: every error leaves the API as `{"detail", "code", ...}`."""

import logging

from django.core.exceptions import (
    DisallowedHost,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import ApplicationError, ErrorCode

logger = logging.getLogger(__name__)


def _first_code(detail) -> str:
    """The code of the first leaf error of a nested DRF ErrorDetail structure."""
    if isinstance(detail, dict):
        for value in detail.values():
            return _first_code(value)
    if isinstance(detail, list) and detail:
        return _first_code(detail[0])
    return getattr(detail, "code", None) or ErrorCode.INVALID


def _first_message(detail) -> str:
    if isinstance(detail, dict):
        for key, value in detail.items():
            message = _first_message(value)
            return message if key == "non_field_errors" else f"{key}: {message}"
    if isinstance(detail, list) and detail:
        return _first_message(detail[0])
    return str(detail)


def suspicious_request_error(exc: SuspiciousOperation) -> ApplicationError:
    """Django's refusals of a malformed request, as the API's error contract. Django would answer
    them with its HTML 400 page (the handler400 view uses this too, for refusals that happen in
    middleware, before any view)."""
    if isinstance(exc, RequestDataTooBig):
        return ApplicationError(ErrorCode.REQUEST_TOO_LARGE, "The request body is too large.", 413)
    if isinstance(exc, (TooManyFieldsSent, TooManyFilesSent)):
        return ApplicationError(ErrorCode.TOO_MANY_FIELDS, "The request has too many fields or files.", 400)
    if isinstance(exc, DisallowedHost):
        return ApplicationError(ErrorCode.BAD_HOST, "The Host header is not one this server answers.", 400)
    return ApplicationError(ErrorCode.BAD_REQUEST, "The request is malformed.", 400)


def exception_handler(exc, context):
    if isinstance(exc, SuspiciousOperation):
        exc = suspicious_request_error(exc)
    if isinstance(exc, ApplicationError):
        body = {"detail": exc.message, "code": exc.code, **exc.extra}
        return Response(body, status=exc.http_status)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            detail=exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None

    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        response.data = {
            "detail": _first_message(detail),
            "code": str(_first_code(detail)),
            "errors": detail if isinstance(detail, dict) else {"non_field_errors": detail},
        }
        response.status_code = status.HTTP_400_BAD_REQUEST
        return response

    detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
    if isinstance(detail, dict):
        # simplejwt's token errors arrive as {"detail": ..., "code": ..., "messages": [...]}
        message = str(detail.get("detail", ""))
        code = str(detail.get("code") or getattr(exc, "default_code", ErrorCode.INVALID))
    else:
        message = str(detail)
        code = getattr(detail, "code", None) or getattr(exc, "default_code", ErrorCode.INVALID)
    body = {"detail": message, "code": str(code)}
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        body["retry_after"] = int(exc.wait)
    response.data = body
    return response
