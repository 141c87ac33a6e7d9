"""Typed domain errors raised by services and mapped to HTTP statuses in one place."""

from __future__ import annotations

import enum
from typing import Any


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
}


def code_for_status(status: int) -> ErrorCode | None:
    """The first code answered with this status, for errors raised with a bare status."""
    return next((code for code, answer in HTTP_STATUS.items() if answer == status), None)


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
