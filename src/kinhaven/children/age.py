"""A child's age in whole years, as far as the record knows it."""

from __future__ import annotations

import datetime as dt

from kinhaven.children.models import Child
from kinhaven.core import time

# A person under this age is a child (UN Convention on the Rights of the Child Art. 1; CETS 197
# Art. 4(d)).
ADULT_AGE = 18


def child_age_years(child: Child, *, on: dt.date | None = None) -> int | None:
    """The child's age in whole years, from the date (or year) of birth and from the latest
    estimate (an age assessment's decision records its lowest age there); where the record
    holds both, the lower: the benefit of the doubt (EUAA Practical guide on age assessment,
    2018), as a document may be doubted and an assessment found the child younger. None where
    nothing is known."""
    on = on or time.today()
    ages = []
    if child.birth_year:
        month, day = child.birth_month or 1, child.birth_day or 1
        ages.append(on.year - child.birth_year - ((on.month, on.day) < (month, day)))
    if child.age_estimate_years is not None and child.age_estimated_on is not None:
        ages.append(child.age_estimate_years + (on - child.age_estimated_on).days // 365)
    return min(ages, default=None)
