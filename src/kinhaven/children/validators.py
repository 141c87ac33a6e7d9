"""Checks of single values shared by forms, API schemas and services.

Each raises ValueError with a translatable message that never repeats the value.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any

from django.utils.translation import gettext as _
from pydantic import BeforeValidator, Field, PlainValidator

from kinhaven.children.enums import VulnerabilityFactor
from kinhaven.core import time

# Codes of countries and languages are checked alike in every app.
from kinhaven.core.validation import (
    SPECIAL_NATIONALITY_CODES,
    checked,
    invalid,
    validate_country,
    validate_language,
)

__all__ = [
    "PARTIAL_DATE_LENGTH",
    "SPECIAL_NATIONALITY_CODES",
    "AgeEstimate",
    "BirthDate",
    "BirthDateText",
    "PartialDate",
    "parse_partial_date",
    "validate_age_estimate",
    "validate_country",
    "validate_language",
    "validate_vulnerability_factor",
]

PARTIAL_DATE_LENGTH = 10  # YYYY-MM-DD
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text

    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)


def parse_partial_date(value: str, *, today: dt.date) -> PartialDate:
    """Parse YYYY, YYYY-MM or YYYY-MM-DD; refuse impossible and future dates."""
    match = _PARTIAL_DATE.match(value.strip())
    if not match:
        raise ValueError(_("Use the form YYYY, YYYY-MM or YYYY-MM-DD."))
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None  # noqa: S101  # the pattern requires a year
    if month is not None and not 1 <= month <= 12:
        raise ValueError(_("The month must be between 01 and 12."))
    if day is not None:
        try:
            dt.date(year, month or 1, day)
        except ValueError:
            raise ValueError(_("This day does not exist in that month.")) from None
    date = PartialDate(year, month, day)
    if year < 1900 or date.earliest() > today:
        raise ValueError(_("The date of birth cannot be in the future or before 1900."))
    return date


def validate_vulnerability_factor(code: str) -> str:
    if code not in VulnerabilityFactor.values:
        raise ValueError(_("Unknown vulnerability factor."))
    return code


def validate_age_estimate(years: int) -> int:
    if not 0 <= years <= 25:
        raise ValueError(_("An estimated age must be between 0 and 25 years."))
    return years


def _birth_date(value: Any) -> PartialDate | None:
    if value is None or value == "":
        return None
    if isinstance(value, PartialDate):
        return value
    if not isinstance(value, str):
        raise invalid(_("Use the form YYYY, YYYY-MM or YYYY-MM-DD."))
    try:
        return parse_partial_date(value, today=time.today())
    except ValueError as exc:
        raise invalid(exc) from None


def _whole_years(value: Any) -> Any:
    if isinstance(value, bool):
        raise invalid(_("Give a whole number of years."))
    return value


# A date of birth known to the year, the month or the day; none when unknown.
BirthDate = Annotated[
    PartialDate | None,
    PlainValidator(
        _birth_date,
        json_schema_input_type=Annotated[str, Field(max_length=PARTIAL_DATE_LENGTH)] | None,
    ),
]
# The same, kept as the text given ("" when unknown), for records that keep it as text.
BirthDateText = Annotated[
    str,
    PlainValidator(
        lambda value: str(_birth_date(value) or ""),
        json_schema_input_type=Annotated[str, Field(max_length=PARTIAL_DATE_LENGTH)] | None,
    ),
]
# An estimate of a child's age in whole years; none when unknown.
AgeEstimate = Annotated[
    int | None,
    BeforeValidator(_whole_years),
    checked(lambda years: None if years is None else validate_age_estimate(years)),
]
