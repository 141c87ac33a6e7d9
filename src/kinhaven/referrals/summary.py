"""What an agency reads of a child before it answers a referral or a transfer: enough to
decide, never who the child is (no name, no date of birth): the age band, the sex, the needs and
the urgency."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kinhaven.children.age import ADULT_AGE, child_age_years
from kinhaven.children.enums import Sex
from kinhaven.children.models import Child

# (lowest age, highest age) in whole years; the bands the child-protection services' own age
# limits fall on (early childhood, school age, adolescence), coarse enough not to identify.
AGE_BANDS: tuple[tuple[int, int], ...] = ((0, 5), (6, 11), (12, 14), (15, 17))
ADULT = ADULT_AGE


def age_band(child: Child) -> str:
    """The child's age as a band ("12 to 14"), or "age unknown"."""
    age = child_age_years(child)
    if age is None or age < 0:
        return _("Age unknown")
    for low, high in AGE_BANDS:
        if low <= age <= high:
            return ngettext("%(low)d to %(high)d year", "%(low)d to %(high)d years", high) % {
                "low": low,
                "high": high,
            }
    return _("%(age)d or older") % {"age": ADULT}


def sex_label(child: Child) -> str:
    return str(Sex(child.sex).label) if child.sex in Sex.values else str(Sex.UNKNOWN.label)


def decision_facts(child: Child, *, identity_shared: bool = True) -> dict[str, str]:
    """The age band and the sex of the child, where the identity section is shared; otherwise
    the reader is told they are not shared."""
    if not identity_shared:
        withheld = _("Not shared")
        return {"age_band": withheld, "sex": withheld, "sex_code": ""}
    return {"age_band": age_band(child), "sex": sex_label(child), "sex_code": child.sex}
