"""Checks of single values shared by forms, API schemas and services.

Each raises ValueError with a translatable message that never repeats the value.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from kinhaven.children.enums import VulnerabilityFactor

# The ISO and partial-date checks live in core; they are named here too so that the child's
# fields are checked through one module.
from kinhaven.core.validators import (
    SPECIAL_NATIONALITY_CODES,
    PartialDate,
    parse_partial_date,
    validate_country,
    validate_language,
)

__all__ = [
    "SPECIAL_NATIONALITY_CODES",
    "PartialDate",
    "parse_partial_date",
    "validate_age_estimate",
    "validate_country",
    "validate_language",
    "validate_vulnerability_factor",
]


def validate_vulnerability_factor(code: str) -> str:
    if code not in VulnerabilityFactor.values:
        raise ValueError(_("Unknown vulnerability factor."))
    return code


def validate_age_estimate(years: int) -> int:
    if not 0 <= years <= 25:
        raise ValueError(_("An estimated age must be between 0 and 25 years."))
    return years
