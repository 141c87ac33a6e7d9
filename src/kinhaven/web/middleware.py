"""Request ids, request framing and size, error pages for domain errors and no-store caching."""

from __future__ import annotations

import codecs
import re
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.utils.translation import gettext as _

from kinhaven.accounts.denials import audit_refusal
from kinhaven.core import context
from kinhaven.core.errors import ApplicationError, ErrorCode, application_error_payload
from kinhaven.core.responses import error_response, is_api, json_error_response

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")
# RFC 9110: Content-Length is 1*DIGIT. int() would also take "+5", "1_0", " 5" and other digits.
_CONTENT_LENGTH = re.compile(r"[0-9]+")
# More digits than any size limit has; int() refuses strings past 4300 digits.
_LENGTH_DIGITS = 18

Handler = Callable[[HttpRequest], HttpResponse]


def _declared_length(request: HttpRequest) -> int | None:
    """The body length the client declared: 0 when none, None when the header is no length."""
    value = str(request.META.get("CONTENT_LENGTH") or "").strip(" \t")
    if not value:
        return 0
    if not _CONTENT_LENGTH.fullmatch(value):
        return None
    return int(value) if len(value) <= _LENGTH_DIGITS else 10**_LENGTH_DIGITS


class RequestIdMiddleware:
    """Give every request an id for logs and audit entries, echoed in X-Request-ID."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = context.request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            context.request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class BodySizeLimitMiddleware:
    """Refuse a Content-Length that is no length with 400, and larger bodies than
    DATA_UPLOAD_MAX_MEMORY_SIZE with 413, before reading them.

    Django reads the header with int() where it reads the body, and answers 500 for "abc"; a
    negative length would leave the body unread on a kept-alive connection. The paths in
    KINHAVEN_STREAMED_BODY_PATHS read their body in pieces and hold it to a size declared
    beforehand: only the framing is checked here.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.streamed = [re.compile(p) for p in settings.KINHAVEN_STREAMED_BODY_PATHS]

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = _declared_length(request)
        if length is None:
            return error_response(
                request,
                ErrorCode.MALFORMED_REQUEST,
                _("The Content-Length header must be the body's size as a number of bytes."),
                field="Content-Length",
            )
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        streamed = any(p.match(request.path_info) for p in self.streamed)
        if limit is not None and length > limit and not streamed:
            message = _("The request body is too large (at most %(size)d bytes).") % {"size": limit}
            return error_response(request, ErrorCode.TOO_LARGE, message, field="body")
        return self.get_response(request)


class RequestCharsetMiddleware:
    """Refuse a request that declares a charset other than UTF-8 with 415, before it is decoded.

    Django decodes query strings and form fields in the charset the request declares, and some
    of Python's codecs (unicode_escape, utf-7) make lone UTF-16 surrogates out of plain bytes:
    text no database can store, which would fail as a server error. In UTF-8, Django replaces
    undecodable bytes, so no such text gets through. Every page and the API speak UTF-8.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        charset = (request.content_params or {}).get("charset")
        if charset is not None and not _is_utf8(charset):
            return error_response(
                request,
                ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                _("Send the request in UTF-8: declare charset=utf-8, or no charset."),
                field="Content-Type",
            )
        return self.get_response(request)


def _is_utf8(charset: str) -> bool:
    try:
        return codecs.lookup(charset).name == "utf-8"
    except LookupError:
        return False


class ApplicationErrorMiddleware:
    """Answer domain errors that escape a view: 404 for hidden or missing records.

    Also answers a method that an API path does not take in the API's shape, with its code:
    Django Ninja answers it in plain text.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if isinstance(response, HttpResponseNotAllowed) and is_api(request):
            allowed = response["Allow"]
            response = error_response(
                request,
                ErrorCode.METHOD_NOT_ALLOWED,
                _("This method is not allowed here; allowed: %(methods)s.") % {"methods": allowed},
            )
            response["Allow"] = allowed
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, ApplicationError):
            return None
        if exception.code == ErrorCode.PERMISSION_DENIED:
            audit_refusal(request)
        if is_api(request):
            return json_error_response(application_error_payload(exception), exception.http_status)
        message = exception.message
        if exception.code == ErrorCode.NOT_FOUND:
            # The same page as for a missing one, whatever the service said.
            message = _("Page not found.")
        return error_response(request, exception.code, message)


class NoStoreForAuthenticatedMiddleware:
    """Keep pages and API answers with personal data out of every cache."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        # A stricter answer of the view's own ("private, no-store") is kept.
        if (is_api(request) or (user is not None and user.is_authenticated)) and (
            "no-store" not in response.get("Cache-Control", "")
        ):
            response["Cache-Control"] = "no-store"
        return response
