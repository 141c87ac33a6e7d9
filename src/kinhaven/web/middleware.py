"""Request ids, body-size limits, error pages for domain errors and no-store caching."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from kinhaven.audit.denials import audit_refusal
from kinhaven.core import context
from kinhaven.core.errors import ApplicationError, ErrorCode

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")

Handler = Callable[[HttpRequest], HttpResponse]


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


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
    """Refuse bodies above DATA_UPLOAD_MAX_MEMORY_SIZE with 413 before reading them."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and length > limit:
            message = _("The request body is too large (at most %(size)d bytes).") % {"size": limit}
            if _is_api(request):
                return JsonResponse(
                    {"message": message, "errors": [{"field": "body", "message": message}]},
                    status=413,
                )
            return render(request, "web/error.html", {"message": message}, status=413)
        return self.get_response(request)


class ApplicationErrorMiddleware:
    """Answer domain errors that escape a view: 404 for hidden or missing records."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, ApplicationError):
            return None
        if exception.code == ErrorCode.PERMISSION_DENIED:
            audit_refusal(request)
        status = exception.http_status
        message = str(exception.message)
        if _is_api(request):
            return JsonResponse({"message": message, "errors": []}, status=status)
        if exception.code == ErrorCode.NOT_FOUND:
            return render(request, "web/error.html", {"message": _("Page not found.")}, status=404)
        return render(request, "web/error.html", {"message": message}, status=status)


class NoStoreForAuthenticatedMiddleware:
    """Keep pages and API answers with personal data out of every cache."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if _is_api(request) or (user is not None and user.is_authenticated):
            response["Cache-Control"] = "no-store"
        return response
