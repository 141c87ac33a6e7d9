"""Error answers outside the API's own handlers: JSON for the API, the error page elsewhere."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from kinhaven.core.errors import HTTP_STATUS, ErrorCode, error_payload


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def json_error_response(payload: dict[str, Any], status: int) -> JsonResponse:
    """An error answer in the API's shape (ErrorOut), with the media type of its own answers."""
    return JsonResponse(payload, status=status, content_type="application/json; charset=utf-8")


def error_response(
    request: HttpRequest, code: ErrorCode, message: Any, *, field: str | None = None
) -> HttpResponse:
    """Answer an error with the status of its code, in the API's shape or as the error page."""
    status = HTTP_STATUS[code]
    if is_api(request):
        errors = [{"field": field, "message": str(message)}] if field else []
        return json_error_response(error_payload(str(message), errors, code=code), status)
    return render(request, "web/error.html", {"message": message}, status=status)
