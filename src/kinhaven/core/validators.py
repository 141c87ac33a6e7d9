"""Checks of single values any app may share: ISO codes and partial dates.

Each raises ValueError with a translatable message that never repeats the value.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pycountry
from django.utils.translation import gettext as _

# ICAO Doc 9303 codes for persons without a usual nationality.
SPECIAL_NATIONALITY_CODES = {
    "XXA": "Stateless person",
    "XXB": "Refugee (1951 Convention)",
    "XXC": "Refugee (other)",
    "XXX": "Unspecified nationality",
}

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


def validate_country(code: str) -> str:
    """Return an ISO 3166-1 alpha-3 code (or an ICAO special code) in upper case."""
    code = code.strip().upper()
    if code in SPECIAL_NATIONALITY_CODES or (
        len(code) == 3 and pycountry.countries.get(alpha_3=code) is not None
    ):
        return code
    raise ValueError(_("Unknown country code: use ISO 3166-1 alpha-3, such as UKR or AFG."))


def validate_language(code: str) -> str:
    """Return an ISO 639-1 or ISO 639-3 language code in lower case."""
    code = code.strip().lower()
    found = None
    if len(code) == 2:
        found = pycountry.languages.get(alpha_2=code)
    elif len(code) == 3:
        found = pycountry.languages.get(alpha_3=code)
    if found is None:
        raise ValueError(_("Unknown language code: use ISO 639-1 or 639-3, such as uk or prs."))
    return code
