"""The one set of queries behind every figure, at any scope.

A scope is the whole country (an analyst, a national co-ordinator), one agency (its supervisor) or
one caseload (a caseworker). The country's and an agency's figures are sums over the cells; a
caseload's adds up the same contributions (dimensions.contributions) of its own facts. The
answers are raw counts with their key sums: what may be published of them is disclosure.py's
business, applied by the caller for the national scope.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import TypeVar

from django.db.models import Count, QuerySet, Sum

from kinhaven.stats.dimensions import NONE, UNKNOWN, contributions
from kinhaven.stats.models import CaseFact, StatCell

Counts = dict[str, tuple[int, int]]


@dataclass(frozen=True)
class Filters:
    """Which cases a figure counts: opened in a period of whole months, in a region, by an
    agency."""

    month_from: dt.date | None = None
    month_to: dt.date | None = None
    region: str = ""
    agency_id: int | None = None
    agency: uuid.UUID | None = None

    def as_params(self) -> dict[str, str]:
        """The filters as the query parameters they were given as (months and codes only)."""
        params = {}
        if self.month_from:
            params["month_from"] = f"{self.month_from:%Y-%m}"
        if self.month_to:
            params["month_to"] = f"{self.month_to:%Y-%m}"
        if self.region:
            params["region"] = self.region
        if self.agency:
            params["agency"] = str(self.agency)
        return params


@dataclass(frozen=True)
class Scope:
    """Whose cases: all (`national`), one agency's, or the cases assigned to one person."""

    kind: str = "national"
    agency_id: int | None = None
    user_id: int | None = None

    @property
    def protected(self) -> bool:
        """Figures at this scope count children the reader has no access to, so each published
        figure goes through disclosure control."""
        return self.kind == "national"


NATIONAL = Scope()


M = TypeVar("M", StatCell, CaseFact)


def _filtered(rows: QuerySet[M], scope: Scope, filters: Filters) -> QuerySet[M]:
    """The rows (cells or facts) of the filters' months, region and agency, within the scope."""
    if filters.month_from:
        rows = rows.filter(month__gte=filters.month_from)
    if filters.month_to:
        rows = rows.filter(month__lte=filters.month_to)
    if filters.region:
        rows = rows.filter(region=filters.region)
    if filters.agency_id:
        rows = rows.filter(agency_id=filters.agency_id)
    if scope.kind == "agency" and scope.agency_id is not None:
        rows = rows.filter(agency_id=scope.agency_id)
    return rows


def _cells(scope: Scope, filters: Filters, dimension: str) -> QuerySet[StatCell]:
    return _filtered(StatCell.objects.filter(dimension=dimension), scope, filters)


def facts_in(scope: Scope, filters: Filters) -> QuerySet[CaseFact]:
    """The facts of the scope's cases that the filters select."""
    facts = CaseFact.objects.all()
    if scope.kind == "caseload":
        facts = facts.filter(assigned_to_id=scope.user_id)
    return _filtered(facts, scope, filters)


def count_by_value(dimension: str, *, scope: Scope = NATIONAL, filters: Filters) -> Counts:
    """value -> (count, key sum) on one dimension."""
    if scope.kind == "caseload":
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for fact in facts_in(scope, filters):
            for dim, value, weight in contributions(fact):
                if dim == dimension:
                    counts[value][0] += weight
                    counts[value][1] += weight * fact.record_key
        return {value: (n, k) for value, (n, k) in counts.items()}
    rows = (
        _cells(scope, filters, dimension)
        .values("value")
        .annotate(total=Sum("n"), keys=Sum("key_sum"))
        .values_list("value", "total", "keys")
    )
    return {value: (int(n), int(k)) for value, n, k in rows if n}


def count_by_month(
    dimension: str, *, scope: Scope = NATIONAL, filters: Filters
) -> dict[tuple[dt.date, str], tuple[int, int]]:
    """(month, value) -> (count, key sum) on one dimension."""
    if scope.kind == "caseload":
        counts: dict[tuple[dt.date, str], list[int]] = defaultdict(lambda: [0, 0])
        for fact in facts_in(scope, filters):
            for dim, value, weight in contributions(fact):
                if dim == dimension:
                    counts[fact.month, value][0] += weight
                    counts[fact.month, value][1] += weight * fact.record_key
        return {key: (n, k) for key, (n, k) in counts.items()}
    rows = (
        _cells(scope, filters, dimension)
        .values("month", "value")
        .annotate(total=Sum("n"), keys=Sum("key_sum"))
        .values_list("month", "value", "total", "keys")
    )
    return {(month, value): (int(n), int(k)) for month, value, n, k in rows if n}


def months_available() -> tuple[dt.date | None, dt.date | None]:
    """The first and last month any case was opened in."""
    first = StatCell.objects.filter(dimension="cases").order_by("month").first()
    last = StatCell.objects.filter(dimension="cases").order_by("-month").first()
    return (first.month if first else None, last.month if last else None)


def regions_available() -> list[str]:
    return list(
        StatCell.objects.filter(dimension="cases")
        .exclude(region="")
        .values_list("region", flat=True)
        .distinct()
        .order_by("region")
    )


# The dimensions a fact holds one value of, in a column of its own: a report may cross two.
CROSSABLE = (
    "status",
    "trafficking_status",
    "age_group",
    "sex",
    "nationality",
    "channel",
    "tracing",
    "region",
)


def count_crossed(
    rows: str, columns: str, *, scope: Scope = NATIONAL, filters: Filters
) -> dict[tuple[str, str], tuple[int, int]]:
    """(row value, column value) -> (count of children, key sum), for two of CROSSABLE."""
    if rows not in CROSSABLE or columns not in CROSSABLE:
        raise ValueError("only single-valued dimensions cross")
    facts = facts_in(scope, filters)
    fields = [rows] if rows == columns else [rows, columns]
    answer: dict[tuple[str, str], tuple[int, int]] = {}
    for row in facts.values(*fields).annotate(total=Count("pk"), keys=Sum("record_key")):
        key = (row[rows] or _empty(rows), row[columns] or _empty(columns))
        answer[key] = (int(row["total"]), int(row["keys"]))
    return answer


def _empty(dimension: str) -> str:
    """The value an empty column is counted under, as on the dashboard."""
    return NONE if dimension == "trafficking_status" else UNKNOWN
