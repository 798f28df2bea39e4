"""The one error contract: services raise ApplicationError, the exception handler renders
`{"detail": ..., "code": ..., **extra}`.

Error codes are one registry (`ERROR_CODES`): the codes of the shared layers below (generic HTTP,
authentication and accounts, uploads) are registered here; each domain app registers the codes of
its own rules from `AppConfig.ready()` (`register_error_codes(AppointmentErrorCode, owner=...)`).
An ApplicationError with a code nobody registered is a programming error (`Unregistered`)."""

from enum import StrEnum
from typing import Any

from .registry import Registry

ERROR_CODES = Registry("error code")


def register_error_codes(codes: type[StrEnum], *, owner: str) -> None:
    ERROR_CODES.register_enum(codes, owner=owner)


class ErrorCode(StrEnum):
    # generic
    INVALID = "invalid"
    PARSE_ERROR = "parse_error"
    NOT_FOUND = "not_found"
    PERMISSION_DENIED = "permission_denied"
    NOT_AUTHENTICATED = "not_authenticated"
    AUTHENTICATION_FAILED = "authentication_failed"
    THROTTLED = "throttled"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    CONFLICT = "conflict"
    SERVER_ERROR = "server_error"
    # request hygiene (apps/common/parsers.py, apps/common/exceptions.py, the gunicorn worker)
    JSON_TOO_DEEP = "json_too_deep"
    INVALID_UNICODE = "invalid_unicode"
    REQUEST_TOO_LARGE = "request_too_large"
    TOO_MANY_FIELDS = "too_many_fields"
    BAD_HOST = "bad_host"
    BAD_REQUEST = "bad_request"
    URI_TOO_LONG = "uri_too_long"
    HEADERS_TOO_LARGE = "headers_too_large"
    CSRF_FAILED = "csrf_failed"
    # auth
    INVALID_CREDENTIALS = "invalid_credentials"
    BANNED = "banned"
    TOKEN_INVALID = "token_not_valid"
    TOKEN_REUSED = "token_reused"
    REFRESH_MISSING = "refresh_missing"
    TELEGRAM_NOT_CONFIGURED = "telegram_not_configured"
    TELEGRAM_INVALID = "telegram_invalid"
    TELEGRAM_EXPIRED = "telegram_expired"
    REGISTRATION_CLOSED = "registration_closed"
    USERNAME_TAKEN = "username_taken"
    ALREADY_BOOTSTRAPPED = "already_bootstrapped"
    LAST_SUPER_ADMIN = "last_super_admin"
    # uploads
    PROOF_REQUIRED = "proof_required"
    FILE_TOO_LARGE = "file_too_large"
    UNSUPPORTED_FILE_TYPE = "unsupported_file_type"
    INVALID_IMAGE = "invalid_image"
    IMAGE_TOO_LARGE = "image_too_large"
    PDF_ACTIVE_CONTENT = "pdf_active_content"
    STORAGE_FULL = "storage_full"  # the disk for uploads is full (507): nothing was kept
    # something runnable by name (admin actions, jobs)
    UNKNOWN_ACTION = "unknown_action"
    # the database does not answer (restart, failover, too many connections): 503, retry later
    DATABASE_UNAVAILABLE = "database_unavailable"


register_error_codes(ErrorCode, owner="common")


class ApplicationError(Exception):
    """A business rule said no. `http_status` is the HTTP status the API answers with; `extra`
    keyword arguments become fields of the error body (e.g. the current `status`)."""

    def __init__(self, code: str, message: str, http_status: int = 400, /, **extra: Any) -> None:
        super().__init__(message)
        self.code = ERROR_CODES.get(code).name  # Unregistered: nobody registered this code
        self.message = message
        self.http_status = http_status
        self.extra = extra


class NotFound(ApplicationError):
    def __init__(self, message: str = "Not found.") -> None:
        super().__init__(ErrorCode.NOT_FOUND, message, 404)


class Forbidden(ApplicationError):
    def __init__(self, message: str = "You do not have permission to perform this action.",
                 code: str = ErrorCode.PERMISSION_DENIED) -> None:
        super().__init__(code, message, 403)


class Conflict(ApplicationError):
    def __init__(self, message: str, code: str = ErrorCode.CONFLICT, **extra: Any) -> None:
        super().__init__(code, message, 409, **extra)
