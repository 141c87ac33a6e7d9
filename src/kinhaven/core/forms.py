"""Forms: they build a write's typed input model, so that a form checks what the API checks,
and they show the domain errors a service raises under the fields they concern.

A form collects the values it shows (text, choices, dates) and hands them to the input model;
each error of the model goes under the form field it belongs to, in the words a form uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Generic, Self, TypeVar

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.forms import BoundField
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel
from pydantic import ValidationError as InputError
from pydantic_core import ErrorDetails

from kinhaven.core.errors import HTTP_STATUS, ApplicationError, ErrorCode, FieldErrors
from kinhaven.core.validation import WORDED_KINDS, error_field, error_message

M = TypeVar("M", bound=BaseModel)


def _form_message(error: ErrorDetails) -> str:
    """The API's words (core.validation.error_message); a kind it leaves to pydantic, whose
    messages are English only, reads as Django's "Enter a valid value."."""
    kind = error["type"]
    if kind in WORDED_KINDS or kind.startswith("date_"):
        return error_message(error)
    return str(validators.RegexValidator.message)


def form_input(form: forms.Form, model: type[M], data: Mapping[str, Any]) -> M | None:
    """Build the input model from the form's values, or put its errors on the form.

    A form whose fields differ from the model's names them in `service_field`.
    """
    try:
        return model.model_validate(data)
    except InputError as exc:
        rename = getattr(form, "service_field", lambda name: name)
        for error in exc.errors():
            name = rename(error_field(error))
            form.add_error(name if name in form.fields else None, _form_message(error))
        return None


class DateInput(forms.DateInput):
    """The browser's own date picker; its value is always ISO 8601, whatever the language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    """The browser's own date and time picker (local time, to the minute), ISO 8601 too."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def native_date_inputs(fields: Mapping[str, forms.Field]) -> None:
    """Give every date field the browser's date picker and every date-time field its date and
    time picker, keeping the widget's other attributes.

    One date input style everywhere: a form need not choose a widget for a date. A date that may
    be partial on purpose (a date of birth "2011-04") is a text field and is left alone.
    """
    for field in fields.values():
        native: type[forms.Widget]
        if isinstance(field, forms.SplitDateTimeField) or field.widget.is_hidden:
            continue
        if isinstance(field, forms.DateTimeField):
            native = DateTimeInput
        elif isinstance(field, forms.DateField):
            native = DateInput
        else:
            continue
        if type(field.widget) is native:
            continue
        widget = native(attrs=dict(field.widget.attrs))
        widget.is_required = field.widget.is_required
        widget.is_localized = field.widget.is_localized
        field.widget = widget


class InputForm(forms.Form, Generic[M]):
    """A form whose cleaning ends by building the write's input model.

    Field-level checks of the form (a number, a date, a choice shown) run first; when they pass,
    the model checks the values, with the same rules as the API. Its dates are the browser's
    date pickers (native_date_inputs).
    """

    input_model: type[M]
    _input: M | None = None
    # A long form names its sections: (heading, field names), in order. The page shows each
    # with its heading (web/form_fields.html), and a long record's "On this page" lists them.
    SECTIONS: ClassVar[tuple[tuple[Any, tuple[str, ...]], ...]] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        native_date_inputs(self.fields)

    def input_data(self) -> dict[str, Any]:
        """The form's values in the input model's terms; only the fields on the form."""
        return {name: self.cleaned_data[name] for name in self.fields if name in self.cleaned_data}

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        if not self.errors:
            self._input = form_input(self, self.input_model, self.input_data())
        return cleaned

    def field_sections(self) -> list[tuple[Any, list[BoundField]]]:
        """The visible fields in their sections; a field no section names comes last, under
        "Other details"; a section whose fields this user may not write is left out."""
        visible = {field.name: field for field in self.visible_fields()}
        groups: list[tuple[Any, list[BoundField]]] = []
        for title, names in self.SECTIONS:
            fields = [visible.pop(name) for name in names if name in visible]
            if fields:
                groups.append((title, fields))
        if visible:
            groups.append((_("Other details"), list(visible.values())))
        return groups

    @property
    def input(self) -> M:
        """The checked input, once the form is valid."""
        if self._input is None:
            raise RuntimeError("The form is not valid.")
        return self._input


def date_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    """A date, with the browser's date picker."""
    return forms.DateField(label=label, required=required, help_text=help_text, widget=DateInput())


def datetime_field(
    label: Any, *, required: bool = True, help_text: Any = ""
) -> forms.DateTimeField:
    """A date and time, with the browser's date and time picker."""
    return forms.DateTimeField(
        label=label, required=required, help_text=help_text, widget=DateTimeInput()
    )


def text_area(
    label: Any, *, max_length: int, required: bool = True, help_text: Any = "", rows: int = 3
) -> forms.CharField:
    """A paragraph of people's text: shown in the direction of its own script (`dir="auto"`)."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows, "dir": "auto"}),
    )


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


class ListFilterForm(forms.Form):
    """The filters of a list. Those that name no one (`URL_FIELDS`) may stand in a URL, so that
    a count (on a home page) links to the list it counts; a searched name only ever comes by
    POST, from the list's own filter form, and never appears in URLs or logs."""

    URL_FIELDS: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def from_request(cls, request: HttpRequest) -> Self:
        """Bound to the POST, or to the URL's non-personal filters, or unbound."""
        if request.method == "POST":
            return cls(request.POST)
        data = {name: request.GET[name] for name in cls.URL_FIELDS if name in request.GET}
        return cls(data) if data else cls()

    @property
    def filters(self) -> dict[str, Any]:
        return self.cleaned_data if self.is_bound and self.is_valid() else {}


def request_page(request: HttpRequest) -> str | None:
    """The page of a list asked for, from wherever its filters came."""
    return (request.POST if request.method == "POST" else request.GET).get("page")
