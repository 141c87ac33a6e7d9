"""Putting domain errors from services onto the fields of a form."""

from typing import Any

from django import forms

from kinhaven.core.errors import ApplicationError, FieldErrors


def form_add_errors(form: forms.Form, exc: ApplicationError) -> None:
    """Show each error under its field, or above the form when the field is not on it."""
    errors: list[tuple[str | None, Any]] = [(exc.field, exc.message)]
    if isinstance(exc, FieldErrors):
        errors = list(exc.errors.items())
    rename = getattr(form, "service_field", lambda name: name)
    for field, message in errors:
        name = rename(field) if field else None
        form.add_error(name if name in form.fields else None, str(message))
