"""One validation path: each write takes one typed input model (a pydantic model, which is also
its API schema); the web form builds the same model (kinhaven.core.forms), so that every limit
and check is written once, here or beside the model.

Checks raise `invalid(message)`: the message is shown as it is, translated, and never repeats
the value. Cross-app types (text without NUL, country and language codes, dates not in the
future) live here; an app's own types live beside its model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Annotated, Any, TypeVar

import pycountry
from django import forms
from django.core import validators
from django.utils.translation import gettext as _
from pydantic import AfterValidator, BaseModel, Field, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from kinhaven.core import time
from kinhaven.core.errors import FieldErrors

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


def invalid(message: Any) -> PydanticCustomError:
    """The error a check raises; its message is shown as it is (never format the value in)."""
    return PydanticCustomError("invalid", "{message}", {"message": str(message)})


def invalid_at(field: str, message: Any) -> ValidationError:
    """The error a model's own check raises, when it is about one field of several."""
    error = InitErrorDetails(type=invalid(message), loc=(field,), input=None)
    return ValidationError.from_exception_data("input", [error])


def checked(check: Callable[[Any], Any]) -> AfterValidator:
    """A field validator from a check that raises ValueError with a translated message."""

    def run(value: Any) -> Any:
        try:
            return check(value)
        except PydanticCustomError:
            raise
        except ValueError as exc:
            raise invalid(exc) from None

    return AfterValidator(run)


def _no_nul(value: str | None) -> str | None:
    # PostgreSQL cannot store NUL; refuse it everywhere, on every database alike, in the words
    # of Django's own check.
    if value is not None and "\x00" in value:
        raise invalid(validators.ProhibitNullCharactersValidator.message)
    return value


NoNul = AfterValidator(_no_nul)


def _required(value: str) -> str:
    if not value:
        raise invalid(forms.Field.default_error_messages["required"])
    return value


# Text that may not be blank once stripped: a form's "This field is required." on both paths.
Required = AfterValidator(_required)


def one_of(choices: Iterable[str], message: Any) -> AfterValidator:
    """A code among `choices`, or `message` (which never repeats the value)."""
    allowed = frozenset(choices)

    def run(value: str) -> str:
        if value not in allowed:
            raise invalid(message)
        return value

    return AfterValidator(run)


# Every text input is this type. A type with a limit puts the limit first,
# `Annotated[str, Field(max_length=N), NoNul, ...]`, so that pydantic checks it on the text itself.
Text = Annotated[str, NoNul]
# Text kept on one line: runs of spaces and line breaks become one space.
SingleLine = AfterValidator(lambda value: " ".join(value.split()))
Stripped = AfterValidator(lambda value: value.strip())


def code_list(check: Callable[[str], str]) -> AfterValidator:
    """Check each code of a list, in the list's name (the message names no position), and drop
    repeats."""

    def run(values: Iterable[str]) -> list[str]:
        try:
            return list(dict.fromkeys(check(v) for v in values))
        except PydanticCustomError:
            raise
        except ValueError as exc:
            raise invalid(exc) from None

    return AfterValidator(run)


# ICAO Doc 9303 codes for persons without a usual nationality.
SPECIAL_NATIONALITY_CODES = {
    "XXA": "Stateless person",
    "XXB": "Refugee (1951 Convention)",
    "XXC": "Refugee (other)",
    "XXX": "Unspecified nationality",
}


def in_words(text: str) -> str:
    """Free text as words, case and spacing aside: how two writings of one thing (a matter, a
    person's name) are compared."""
    return " ".join(text.casefold().split())


def validate_country(code: str, *, persons: bool = True) -> str:
    """Return an ISO 3166-1 alpha-3 code in upper case; or, for a person's nationality
    (`persons`), one of ICAO's codes for persons without a usual nationality, which name no
    country where an agency or a partner works."""
    code = code.strip().upper()
    if code in SPECIAL_NATIONALITY_CODES:
        if persons:
            return code
        raise ValueError(
            _("%(codes)s are for a person's nationality; give the country itself, such as UKR.")
            % {"codes": ", ".join(sorted(SPECIAL_NATIONALITY_CODES))}
        )
    if len(code) == 3 and pycountry.countries.get(alpha_3=code) is not None:
        return code
    raise ValueError(_("Unknown country code: use ISO 3166-1 alpha-3, such as UKR or AFG."))


def language_lookup(code: str) -> Any:
    """The language an ISO 639-1 or ISO 639-3 code names (pycountry's record), or None."""
    code = code.strip().lower()
    if len(code) == 2:
        return pycountry.languages.get(alpha_2=code)
    if len(code) == 3:
        return pycountry.languages.get(alpha_3=code)
    return None


def validate_language(code: str) -> str:
    """Return an ISO 639-1 or ISO 639-3 language code in lower case."""
    code = code.strip().lower()
    found = language_lookup(code)
    if found is None:
        raise ValueError(_("Unknown language code: use ISO 639-1 or 639-3, such as uk or prs."))
    return code


def _not_future(value: dt.date) -> dt.date:
    if value > time.today():
        raise invalid(_("Give a date that is not in the future."))
    return value


# ISO 3166-1 alpha-3 (or ICAO's codes for the stateless and refugees); blank when unknown.
CountryCode = Annotated[
    str, Field(max_length=3), NoNul, checked(lambda code: validate_country(code) if code else "")
]
# A country as a place (where a partner works, a child may return to, whose rules apply):
# ISO 3166-1 alpha-3 alone, as ICAO's codes for persons name no country; blank when unknown.
PlaceCountryCode = Annotated[
    str,
    Field(max_length=3),
    NoNul,
    checked(lambda code: validate_country(code, persons=False) if code else ""),
]
PastDate = Annotated[dt.date, AfterValidator(_not_future)]


def _not_future_time(value: dt.datetime) -> dt.datetime:
    # A few minutes' grace for a device whose clock runs ahead of the server's.
    if value > time.now() + dt.timedelta(minutes=5):
        raise invalid(_("Give a time that is not in the future."))
    return value


PastDateTime = Annotated[dt.datetime, AfterValidator(_not_future_time)]


def error_field(error: Mapping[str, Any]) -> str:
    """The input field an error belongs to: the first part of its location."""
    location = error.get("loc", ())
    return str(location[0]) if location else ""


def error_message(error: Mapping[str, Any]) -> str:
    """What an error says to the caller, the API and a form alike: Django's translated words for
    the common checks, the check's own message for ours; never the value."""
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "missing":
        return str(forms.Field.default_error_messages["required"])
    if kind == "extra_forbidden":
        return _("Unknown field.")
    if kind == "string_too_long":
        limit = ctx.get("max_length", 0)
        given = error.get("input")
        length = len(given) if isinstance(given, str) else ctx.get("length", limit)
        return str(
            validators.MaxLengthValidator.message % {"limit_value": limit, "show_value": length}
        )
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return str(forms.IntegerField.default_error_messages["invalid"])
    if kind.startswith("date_"):
        return str(forms.DateField.default_error_messages["invalid"])
    if kind == "greater_than_equal":
        return str(validators.MinValueValidator.message % {"limit_value": ctx.get("ge")})
    if kind == "less_than_equal":
        return str(validators.MaxValueValidator.message % {"limit_value": ctx.get("le")})
    return str(error.get("msg") or _("Invalid value."))


# The error kinds error_message words itself; others keep pydantic's (English) message.
WORDED_KINDS = frozenset(
    {"missing", "extra_forbidden", "string_too_long", "int_parsing", "int_type", "int_from_float",
     "greater_than_equal", "less_than_equal", "invalid"}
)  # fmt: skip


def errors_by_field(exc: ValidationError) -> dict[str, str]:
    """The first error of each field."""
    errors: dict[str, str] = {}
    for error in exc.errors():
        errors.setdefault(error_field(error), error_message(error))
    return errors


def input_validate(model: type[M], data: Mapping[str, Any]) -> M:
    """Build a write's input model from plain values; raise FieldErrors naming every bad field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise FieldErrors(errors_by_field(exc)) from None


def input_given(data: BaseModel) -> dict[str, Any]:
    """The fields the caller gave, with their checked values: what a partial update changes."""
    return {name: getattr(data, name) for name in data.model_fields_set}
