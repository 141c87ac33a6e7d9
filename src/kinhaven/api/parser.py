"""The one reader of API request bodies: UTF-8 JSON only, with text every database can store."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import ValidationError
from ninja.parser import Parser
from ninja.types import DictStrAny

from kinhaven.core.errors import ApplicationError, ErrorCode

JSON_MEDIA_TYPE = "application/json"


def _refuse_constant(name: str) -> Any:
    # NaN and Infinity are Python's extensions, not JSON (RFC 8259); no field means them.
    raise ApplicationError(
        ErrorCode.MALFORMED_REQUEST,
        _("Invalid JSON: %(name)s is not a JSON number.") % {"name": name},
        field="body",
    )


def _has_lone_surrogate(text: str) -> bool:
    # A JSON escape such as "\ud800" decodes to half of a UTF-16 pair, which no database can
    # encode: Python's UTF-8 codec is the exact test of storable text.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _lone_surrogate_errors(data: Any) -> list[dict[str, Any]]:
    """Name every string, key or value, at any depth, that holds a lone surrogate."""
    errors: list[dict[str, Any]] = []
    # Iterative, so that a body nested as deep as the JSON reader allows cannot exhaust the stack.
    # Children go on the stack last first, so that errors come out in the body's order.
    pending: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    while pending:
        location, value = pending.pop()
        if isinstance(value, str):
            if _has_lone_surrogate(value):
                errors.append(_surrogate_error(location))
        elif isinstance(value, dict):
            children: list[tuple[tuple[str | int, ...], Any]] = []
            for key, item in value.items():
                if _has_lone_surrogate(key):
                    # The key itself cannot be named: the error points at the object holding it.
                    errors.append(_surrogate_error(location))
                else:
                    children.append(((*location, key), item))
            pending.extend(reversed(children))
        elif isinstance(value, list):
            pending.extend(reversed([((*location, i), item) for i, item in enumerate(value)]))
    return errors


def _surrogate_error(location: tuple[str | int, ...]) -> dict[str, Any]:
    # The message never repeats the text: it may be a child's name.
    return {
        "loc": ("body", *location),
        "msg": _("Text may not contain a lone UTF-16 surrogate (\\ud800 to \\udfff)."),
        "type": "lone_surrogate",
    }


class JsonBodyParser(Parser):
    """Read a write's body as UTF-8 JSON, and say what is wrong with it and where when it is not.

    Every JSON body of the API passes here before any schema sees it, whatever the field's type,
    so this is where text that cannot be stored is refused for all fields at once. Form data and
    query strings cannot carry such text: Django decodes them as UTF-8 with replacement, and the
    charset middleware refuses every other charset.
    """

    def parse_body(self, request: HttpRequest) -> DictStrAny:
        if (request.content_type or "").lower() != JSON_MEDIA_TYPE:
            raise ApplicationError(
                ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                _("Send the request body as application/json (UTF-8)."),
                field="Content-Type",
            )
        try:
            text = request.body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ApplicationError(
                ErrorCode.MALFORMED_REQUEST,
                _("The body is not UTF-8 text: invalid byte at offset %(offset)d.")
                % {"offset": exc.start},
                field="body",
            ) from exc
        try:
            data = json.loads(text, parse_constant=_refuse_constant)
        except json.JSONDecodeError as exc:
            # Python's reasons name the expected token and never quote the input.
            raise ApplicationError(
                ErrorCode.MALFORMED_REQUEST,
                _("Invalid JSON at line %(line)d, column %(column)d: %(reason)s")
                % {"line": exc.lineno, "column": exc.colno, "reason": exc.msg},
                field="body",
            ) from exc
        except RecursionError as exc:
            raise ApplicationError(
                ErrorCode.MALFORMED_REQUEST, _("The JSON is nested too deeply."), field="body"
            ) from exc
        errors = _lone_surrogate_errors(data)
        if errors:
            raise ValidationError(errors)
        return data  # type: ignore[no-any-return]  # any JSON value; the schema checks its shape
