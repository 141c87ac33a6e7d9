"""Typed domain errors raised by services and mapped to HTTP statuses in one place."""

from __future__ import annotations

import enum
from typing import Any

from django.utils.translation import gettext as _


class ErrorCode(enum.StrEnum):
    NOT_FOUND = "not_found"
    INVALID = "invalid"
    CONFLICT = "conflict"
    TRANSITION_NOT_ALLOWED = "transition_not_allowed"
    PERMISSION_DENIED = "permission_denied"
    UNAVAILABLE = "unavailable"
    # The request itself cannot be read: its framing, encoding or syntax.
    MALFORMED_REQUEST = "malformed_request"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    TOO_LARGE = "too_large"
    UNAUTHENTICATED = "unauthenticated"
    RATE_LIMITED = "rate_limited"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    SERVER_ERROR = "server_error"


HTTP_STATUS: dict[ErrorCode, int] = {
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.INVALID: 422,
    ErrorCode.CONFLICT: 409,
    ErrorCode.TRANSITION_NOT_ALLOWED: 409,
    # A record the caller may not see answers 404 elsewhere; this is for actions on visible ones.
    ErrorCode.PERMISSION_DENIED: 403,
    ErrorCode.UNAVAILABLE: 503,
    ErrorCode.MALFORMED_REQUEST: 400,
    ErrorCode.UNSUPPORTED_MEDIA_TYPE: 415,
    ErrorCode.TOO_LARGE: 413,
    ErrorCode.UNAUTHENTICATED: 401,
    ErrorCode.RATE_LIMITED: 429,
    ErrorCode.METHOD_NOT_ALLOWED: 405,
    ErrorCode.SERVER_ERROR: 500,
}


def code_for_status(status: int) -> ErrorCode:
    """The first code answered with this status, for errors raised with a bare status.

    A status no code is answered with counts as a request the server cannot read (4xx) or a
    failure of the server (5xx), so that every error answer carries a code.
    """
    code = next((code for code, answer in HTTP_STATUS.items() if answer == status), None)
    if code is not None:
        return code
    return ErrorCode.SERVER_ERROR if status >= 500 else ErrorCode.MALFORMED_REQUEST


def error_payload(
    message: str, errors: list[dict[str, str]] | None = None, *, code: ErrorCode
) -> dict[str, Any]:
    """The body of every error answer of the API (ErrorOut): the message, its code, the fields."""
    return {"message": message, "code": code, "errors": errors or []}


class ApplicationError(Exception):
    """A domain error; `field` names the input at fault, and the message holds no personal data."""

    def __init__(self, code: ErrorCode, message: Any, *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.field = field

    @property
    def http_status(self) -> int:
        return HTTP_STATUS[self.code]


class NotFound(ApplicationError):
    def __init__(self, message: Any = "Not found.") -> None:
        super().__init__(ErrorCode.NOT_FOUND, message)


class FieldErrors(ApplicationError):
    """Several inputs at fault at once: {field: message}."""

    def __init__(self, errors: dict[str, Any]) -> None:
        first = next(iter(errors))
        super().__init__(ErrorCode.INVALID, errors[first], field=first)
        self.errors = errors


def application_error_payload(exc: ApplicationError) -> dict[str, Any]:
    """The answer to a domain error, naming each input at fault."""
    if isinstance(exc, FieldErrors):
        errors = [{"field": f, "message": str(m)} for f, m in exc.errors.items()]
        return error_payload(_("The request has invalid fields."), errors, code=exc.code)
    errors = [{"field": exc.field, "message": str(exc.message)}] if exc.field else []
    return error_payload(str(exc.message), errors, code=exc.code)
