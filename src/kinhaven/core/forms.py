"""Putting domain errors from services onto the fields of a form."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from kinhaven.core.errors import HTTP_STATUS, ApplicationError, ErrorCode, FieldErrors


def form_add_errors(form: forms.Form, exc: ApplicationError) -> None:
    """Show each error under its field, or above the form when the field is not on it.

    Each error keeps the domain error's code, from which the page takes its status (form_status).
    """
    errors: list[tuple[str | None, Any]] = [(exc.field, exc.message)]
    if isinstance(exc, FieldErrors):
        errors = list(exc.errors.items())
    rename = getattr(form, "service_field", lambda name: name)
    for field, message in errors:
        name = rename(field) if field else None
        form.add_error(
            name if name in form.fields else None, ValidationError(str(message), code=exc.code)
        )


def form_status(form: forms.Form) -> int:
    """The status of a page showing its form: the domain error's, 422 for invalid input.

    The statuses are the API's (core.errors.HTTP_STATUS): a page answers the same refusal with the
    same status.
    """
    if not form.errors:
        return 200
    codes = {
        ErrorCode(error.code)
        for errors in form.errors.as_data().values()
        for error in errors
        if error.code in HTTP_STATUS
    }
    # A form's own checks answer "invalid" at most; one service call raises one other code.
    codes.discard(ErrorCode.INVALID)
    return HTTP_STATUS[codes.pop() if len(codes) == 1 else ErrorCode.INVALID]
