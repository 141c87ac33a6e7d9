"""One place that turns errors into JSON answers naming the field at fault."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from kinhaven.accounts.denials import audit_refusal
from kinhaven.core.errors import (
    HTTP_STATUS,
    ApplicationError,
    ErrorCode,
    application_error_payload,
    code_for_status,
    error_payload,
)
from kinhaven.core.validation import error_message

# Input locations that are not themselves field names.
_CONTAINERS = {"body", "query", "path", "payload", "form", "header", "cookie", "data", "filters"}


def _field_of(location: list[Any] | tuple[Any, ...]) -> str:
    parts = [str(p) for p in location if str(p) not in _CONTAINERS]
    return ".".join(parts) or "body"


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [
            {"field": _field_of(e.get("loc", ())), "message": error_message(e)} for e in exc.errors
        ]
        return api.create_response(
            request,
            error_payload(_("The request has invalid fields."), errors, code=ErrorCode.INVALID),
            status=HTTP_STATUS[ErrorCode.INVALID],
        )

    @api.exception_handler(ApplicationError)
    def on_application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
        if exc.code == ErrorCode.PERMISSION_DENIED:
            audit_refusal(request)
        return api.create_response(request, application_error_payload(exc), status=exc.http_status)

    @api.exception_handler(AuthenticationError)
    def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api.create_response(
            request,
            error_payload(
                _("Authentication required: send a valid bearer token."),
                code=ErrorCode.UNAUTHENTICATED,
            ),
            status=HTTP_STATUS[ErrorCode.UNAUTHENTICATED],
        )

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(
            request,
            error_payload(_("Not found."), code=ErrorCode.NOT_FOUND),
            status=HTTP_STATUS[ErrorCode.NOT_FOUND],
        )

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # Ninja answers any error of the body parser with a bare 400 "Cannot parse request body";
        # the parser's own error says what is wrong and where, so answer that one instead.
        cause = exc.__cause__
        if isinstance(cause, ValidationError):
            return on_validation_error(request, cause)
        if isinstance(cause, ApplicationError):
            return on_application_error(request, cause)
        return api.create_response(
            request,
            error_payload(str(exc.message), code=code_for_status(exc.status_code)),
            status=exc.status_code,
        )
