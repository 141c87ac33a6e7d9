"""What the statistics count: each dimension, its values and their labels, and what one case's
facts contribute to the cells.

A fact contributes `(dimension, value, weight)` triples: one per child for most dimensions, one per
referral, placement or deadline for those. The national figures add contributions up in `StatCell`;
a caseload's figures add up the same contributions of its own facts (queries.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pycountry
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kinhaven.care.enums import PlacementKind
from kinhaven.cases.enums import CaseStatus
from kinhaven.children.enums import Sex
from kinhaven.deadlines.enums import DeadlineCode
from kinhaven.identification.enums import TraffickingStatus
from kinhaven.intake.enums import Channel, ExploitationType
from kinhaven.referrals.enums import ReferralStatus, ServiceKind

if TYPE_CHECKING:
    from kinhaven.stats.models import CaseFact

UNKNOWN = "unknown"
NONE = "none"

# Ages counted in these groups (the last one: records of persons found to be adults).
AGE_GROUPS: tuple[tuple[str, int, int], ...] = (
    ("0-5", 0, 5),
    ("6-11", 6, 11),
    ("12-14", 12, 14),
    ("15-17", 15, 17),
    ("18+", 18, 200),
)


def age_group(age: int | None) -> str:
    if age is None:
        return UNKNOWN
    for code, low, high in AGE_GROUPS:
        if low <= age <= high:
            return code
    return UNKNOWN


def days_bucket(days: int) -> int:
    """The lower bound of the bucket a number of days is counted in: each day up to 60, then
    weeks up to 182, then 30-day months up to 365, then one bucket for the rest."""
    days = max(days, 0)
    if days <= 60:
        return days
    if days <= 182:
        return 61 + (days - 61) // 7 * 7
    if days <= 365:
        return 183 + (days - 183) // 30 * 30
    return 366


class Tracing:
    NO_REQUEST = "no_request"
    SEARCHING = "searching"
    CANDIDATE = "candidate"
    CONFIRMED = "confirmed"
    REUNIFIED = "reunified"


@dataclass(frozen=True)
class Dimension:
    code: str
    label: Promise
    # value -> label; None where the values are open (nationalities, day counts, combinations).
    values: dict[str, Promise | str] | None
    # What a count on it counts: children, or referrals, placements, deadlines, episodes.
    unit: Promise
    # Several contributions per child (its L1 sensitivity is bounded by `max_per_child`).
    max_per_child: int = 1
    numeric: bool = False


def _choices(enum: type) -> dict[str, Promise | str]:
    return {str(value): label for value, label in enum.choices}  # type: ignore[attr-defined]


CHILDREN = _("children")
DIMENSIONS: dict[str, Dimension] = {
    d.code: d
    for d in [
        Dimension("cases", _("Cases opened"), {"all": _("All")}, CHILDREN),
        Dimension("status", _("Case status"), _choices(CaseStatus), CHILDREN),
        Dimension(
            "trafficking_status",
            _("Identification"),
            {**_choices(TraffickingStatus), NONE: _("No decision yet")},
            CHILDREN,
        ),
        Dimension(
            "age_group",
            _("Age group"),
            {**{code: code for code, _lo, _hi in AGE_GROUPS}, UNKNOWN: _("Unknown")},
            CHILDREN,
        ),
        Dimension("sex", _("Sex"), _choices(Sex), CHILDREN),
        Dimension("nationality", _("Nationality"), None, CHILDREN),
        Dimension(
            "channel",
            _("Channel of report"),
            {**_choices(Channel), "direct": _("Case opened without a report")},
            CHILDREN,
        ),
        Dimension(
            "exploitation",
            _("Form of exploitation"),
            {**_choices(ExploitationType), NONE: _("None recorded")},
            CHILDREN,
            max_per_child=len(ExploitationType.choices),
        ),
        Dimension(
            "referral",
            _("Referrals by service and outcome"),
            None,
            _("referrals"),
            max_per_child=50,
        ),
        Dimension("days_to_case", _("Days from report to case"), None, CHILDREN, numeric=True),
        Dimension(
            "days_to_guardian", _("Days from report to guardian"), None, CHILDREN, numeric=True
        ),
        Dimension(
            "days_to_identification",
            _("Days from report to identification decision"),
            None,
            CHILDREN,
            numeric=True,
        ),
        Dimension(
            "deadline", _("Deadlines met and missed"), None, _("deadlines"), max_per_child=200
        ),
        Dimension(
            "overdue",
            _("Deadlines overdue now"),
            _choices(DeadlineCode),
            _("deadlines"),
            max_per_child=200,
        ),
        Dimension(
            "missing",
            _("Missing episodes"),
            {
                "episode": _("Episodes"),
                "found": _("Found or returned"),
                "still_missing": _("Still missing"),
                "return_interview": _("Return interviews held"),
            },
            _("episodes"),
            max_per_child=100,
        ),
        Dimension(
            "placement",
            _("Placements"),
            _choices(PlacementKind),
            _("placements"),
            max_per_child=50,
        ),
        Dimension(
            "tracing",
            _("Family tracing"),
            {
                Tracing.NO_REQUEST: _("No tracing match"),
                Tracing.CANDIDATE: _("Possible match to be decided"),
                Tracing.CONFIRMED: _("Family found (match confirmed)"),
                Tracing.REUNIFIED: _("Reunified"),
            },
            CHILDREN,
        ),
    ]
}

Contribution = tuple[str, str, int]


def contributions(fact: CaseFact) -> Iterator[Contribution]:
    """The (dimension, value, weight) triples one case's facts add to the cells."""
    yield "cases", "all", 1
    yield "status", fact.status, 1
    yield "trafficking_status", fact.trafficking_status or NONE, 1
    yield "age_group", fact.age_group, 1
    yield "sex", fact.sex, 1
    yield "nationality", fact.nationality or UNKNOWN, 1
    yield "channel", fact.channel, 1
    for form in fact.exploitation or [NONE]:
        yield "exploitation", form, 1
    combined: dict[str, int] = {}
    for kind, status in fact.referrals:
        combined[f"{kind}:{status}"] = combined.get(f"{kind}:{status}", 0) + 1
    for value, weight in combined.items():
        yield "referral", value, weight
    for dimension, days in (
        ("days_to_case", fact.days_to_case),
        ("days_to_guardian", fact.days_to_guardian),
        ("days_to_identification", fact.days_to_identification),
    ):
        if days is not None:
            yield dimension, str(days_bucket(days)), 1
    for code, (met, missed, *rest) in sorted(fact.deadlines.items()):
        if met:
            yield "deadline", f"{code}:met", met
        if missed:
            yield "deadline", f"{code}:missed", missed
        if rest and rest[0]:
            yield "overdue", code, rest[0]
    if fact.missing_episodes:
        yield "missing", "episode", fact.missing_episodes
    if fact.missing_found:
        yield "missing", "found", fact.missing_found
    if fact.missing_now:
        yield "missing", "still_missing", 1
    if fact.return_interviews:
        yield "missing", "return_interview", fact.return_interviews
    kinds: dict[str, int] = {}
    for kind in fact.placements:
        kinds[kind] = kinds.get(kind, 0) + 1
    for kind, weight in sorted(kinds.items()):
        yield "placement", kind, weight
    yield "tracing", fact.tracing, 1


def value_label(dimension: str, value: str) -> str:
    """A value's label for people: its choice label, a country's name, a combination's parts."""
    known = DIMENSIONS[dimension].values
    if known is not None and value in known:
        return str(known[value])
    if dimension == "nationality":
        country = pycountry.countries.get(alpha_3=value) if len(value) == 3 else None
        return str(country.name) if country else str(_("Unknown"))
    if dimension in {"referral", "deadline"}:
        first, second = pair_labels(dimension, value)
        return f"{first}: {second}"
    return value


def pair_labels(dimension: str, value: str) -> tuple[str, str]:
    """The labels of the two parts of a combined value: a referral's service and status, a
    deadline and whether it was met."""
    first, _sep, second = value.partition(":")
    if dimension == "referral":
        return str(_SERVICES.get(first, first)), str(_REFERRAL_STATUSES.get(second, second))
    return str(_DEADLINES.get(first, first)), str(_("met") if second == "met" else _("missed"))


_SERVICES = _choices(ServiceKind)
_REFERRAL_STATUSES = _choices(ReferralStatus)
_DEADLINES = _choices(DeadlineCode)
