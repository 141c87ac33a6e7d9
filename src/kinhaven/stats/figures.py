"""The figures of the dashboards: each a table of counts, protected for publication where the
scope is national, with what a chart and a CSV need."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinhaven.stats import disclosure
from kinhaven.stats.dimensions import DIMENSIONS, pair_labels, value_label
from kinhaven.stats.enums import K_THRESHOLD
from kinhaven.stats.queries import (
    Filters,
    Scope,
    count_by_month,
    count_by_value,
    count_crossed,
)

PUBLISHED, SUPPRESSED, NOISY = "published", "suppressed", "noisy"


@dataclass
class Figure:
    """One table of figures: rows of `{value, label, n, status}` (n None when suppressed), with
    `month` on a trend and `series` on a two-way table."""

    code: str
    title: str
    kind: str  # bar, trend, stacked, map, summary
    unit: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    total: int | None = None
    total_status: str = PUBLISHED
    columns: list[str] = field(default_factory=list)
    protected: bool = False
    perturbed: bool = False
    refused: str = ""


def _label(dimension: str, value: str) -> str:
    return value_label(dimension, value) if dimension in DIMENSIONS else value


def _publish(
    entries: list[tuple[dict[str, Any], tuple[int, int]]], *, protect: bool
) -> tuple[list[dict[str, Any]], int | None, str, bool]:
    """Rows with their published counts, the published total, its status, and whether any figure
    was perturbed; at national scope through disclosure control."""
    if not protect:
        rows = [{**row, "n": n, "status": PUBLISHED} for row, (n, _k) in entries]
        return rows, sum(n for _row, (n, _k) in entries), PUBLISHED, False
    table = disclosure.protect_1d(
        [
            disclosure.CountCell(row=str(i), n=n, key_sum=k)
            for i, (_row, (n, k)) in enumerate(entries)
        ]
    )
    published = {cell.row: cell for cell in table.cells}
    rows = []
    perturbed = False
    for i, (row, _counts) in enumerate(entries):
        cell = published[str(i)]
        rows.append({**row, "n": cell.value, "status": _status(cell)})
        perturbed = perturbed or cell.perturbed
    total = table.total
    return rows, total.value, _status(total), perturbed or total.perturbed


def _status(cell: Any) -> str:
    if cell.value is None:
        return SUPPRESSED
    return PUBLISHED


def by_value(dimension: str, *, scope: Scope, filters: Filters, kind: str = "bar") -> Figure:
    """Counts on one dimension, in the dimension's own order (or largest first)."""
    meta = DIMENSIONS[dimension]
    counts = count_by_value(dimension, scope=scope, filters=filters)
    order = list(meta.values) if meta.values is not None else []
    values = [v for v in order if v in counts] + sorted(
        (v for v in counts if v not in order), key=lambda v: (-counts[v][0], v)
    )
    entries = [({"value": v, "label": _label(dimension, v)}, counts[v]) for v in values]
    rows, total, total_status, perturbed = _publish(entries, protect=scope.protected)
    return Figure(
        code=dimension,
        title=str(meta.label),
        kind=kind,
        unit=str(meta.unit),
        rows=rows,
        total=total,
        total_status=total_status,
        columns=[_("Value"), _("Count")],
        protected=scope.protected,
        perturbed=perturbed,
    )


# The dimensions a trend may follow: those with a known, short list of values.
TRENDS: tuple[str, ...] = (
    "cases",
    "status",
    "trafficking_status",
    "age_group",
    "sex",
    "channel",
    "exploitation",
    "missing",
    "placement",
    "tracing",
)


def _months(counts: dict[tuple[dt.date, str], tuple[int, int]]) -> list[dt.date]:
    """Every month from the first counted to the last, zeros included: a gap is a figure too."""
    if not counts:
        return []
    first, last = min(m for m, _v in counts), max(m for m, _v in counts)
    months = []
    while first <= last:
        months.append(first)
        first = (first + dt.timedelta(days=32)).replace(day=1)
    return months


def by_month(dimension: str, *, scope: Scope, filters: Filters) -> Figure:
    """A trend: the count of each value of a dimension by month (one line for `cases`). At
    national scope a table of months by values is protected as one two-way table."""
    meta = DIMENSIONS[dimension]
    counts = count_by_month(dimension, scope=scope, filters=filters)
    months = _months(counts)
    order = list(meta.values) if meta.values is not None else []
    present = {v for _m, v in counts}
    values = [v for v in order if v in present] + sorted(present - set(order))
    figure = Figure(
        code=f"{dimension}_by_month",
        title=_("%(figure)s by month") % {"figure": meta.label},
        kind="trend",
        unit=str(meta.unit),
        columns=[_("Month"), _("Count")],
        protected=scope.protected,
    )
    if len(values) <= 1:
        value = values[0] if values else "all"
        label = _label(dimension, value)
        entries = [
            (
                {"value": f"{m:%Y-%m}", "month": f"{m:%Y-%m}", "label": label},
                counts.get((m, value), (0, 0)),
            )
            for m in months
        ]
        rows, total, total_status, perturbed = _publish(entries, protect=scope.protected)
        figure.rows, figure.total, figure.total_status = rows, total, total_status
        figure.perturbed = perturbed
        return figure
    labels = {v: _label(dimension, v) for v in values}
    if scope.protected:
        table = disclosure.protect_2d(
            [
                disclosure.CountCell(
                    row=f"{m:%Y-%m}",
                    col=v,
                    n=counts.get((m, v), (0, 0))[0],
                    key_sum=counts.get((m, v), (0, 0))[1],
                )
                for m in months
                for v in values
            ]
        )
        published = {(c.row, c.col): c for c in table.cells}
        figure.total, figure.total_status = table.total.value, _status(table.total)
    for m in months:
        for v in values:
            month = f"{m:%Y-%m}"
            if scope.protected:
                cell = published[month, v]
                n, status = cell.value, _status(cell)
                figure.perturbed = figure.perturbed or cell.perturbed
            else:
                n, status = counts.get((m, v), (0, 0))[0], PUBLISHED
            figure.rows.append(
                {
                    "value": f"{month}:{v}",
                    "month": month,
                    "label": labels[v],
                    "n": n,
                    "status": status,
                }
            )
    if not scope.protected:
        figure.total = sum(n for n, _k in counts.values())
    return figure


def by_pair(dimension: str, *, scope: Scope, filters: Filters) -> Figure:
    """Counts of combined values (`kind:outcome`), drawn as stacked bars: referrals by service
    and outcome, deadlines met and missed."""
    figure = by_value(dimension, scope=scope, filters=filters, kind="stacked")
    for row in figure.rows:
        row["label"], row["series"] = pair_labels(dimension, row["value"])
    figure.columns = [_("Value"), _("Outcome"), _("Count")]
    return figure


@dataclass
class Summary:
    """Median and 90th percentile of days, for one measure."""

    code: str
    label: str
    count: int | None
    median: int | None
    p90: int | None


DURATIONS: tuple[tuple[str, Promise], ...] = (
    ("days_to_case", gettext_lazy("Report to case")),
    ("days_to_guardian", gettext_lazy("Report to guardian")),
    ("days_to_identification", gettext_lazy("Report to identification decision")),
)


def durations(*, scope: Scope, filters: Filters) -> list[Summary]:
    """How long the steps took (in days, at the resolution of dimensions.days_bucket); at national
    scope a measure over fewer than 11 children is not given, and its count is moved by the cell
    key as every other published count (disclosure.cell_perturbation), so that two overlapping
    selections cannot be subtracted."""
    answer = []
    for code, label in DURATIONS:
        counts = count_by_value(code, scope=scope, filters=filters)
        histogram = {int(value): n for value, (n, _k) in counts.items()}
        count = sum(histogram.values())
        enough = count >= K_THRESHOLD or not scope.protected
        shown = count
        if scope.protected and enough:
            key_sum = sum(k for _n, k in counts.values())
            shown = count + disclosure.cell_perturbation(count, key_sum)
        answer.append(
            Summary(
                code=code,
                label=str(label),
                count=shown if enough else None,
                median=disclosure.percentile(histogram, 0.5, k=1) if enough and count else None,
                p90=disclosure.percentile(histogram, 0.9, k=1) if enough and count else None,
            )
        )
    return answer


@dataclass
class Compliance:
    code: str
    label: str
    met: int | None
    missed: int | None
    rate: int | None


def compliance(figure: Figure) -> list[Compliance]:
    """Deadlines met on time, per kind of deadline, from the published deadline figure."""
    by_code: dict[str, dict[str, Any]] = {}
    for row in figure.rows:
        code, _sep, outcome = row["value"].partition(":")
        # An outcome with no row counts none; one with a row and no figure is suppressed.
        entry = by_code.setdefault(code, {"label": row["label"], "met": 0, "missed": 0})
        entry[outcome] = row["n"]
    answer = []
    for code, entry in by_code.items():
        met, missed = entry["met"], entry["missed"]
        rate = None
        if met is not None and missed is not None and met + missed:
            rate = round(100 * met / (met + missed))
        answer.append(Compliance(code, entry["label"], met, missed, rate))
    return answer


def crossed(rows: str, columns: str, *, scope: Scope, filters: Filters) -> Figure:
    """A two-way table of children for the report builder; refused where it would isolate
    children rather than describe them."""
    counts = count_crossed(rows, columns, scope=scope, filters=filters)
    title = _("%(rows)s by %(columns)s") % {
        "rows": _dimension_label(rows),
        "columns": _dimension_label(columns),
    }
    figure = Figure(
        code=f"{rows}__{columns}",
        title=title,
        kind="stacked",
        unit=str(_("children")),
        columns=[_dimension_label(rows), _dimension_label(columns), _("Count")],
        protected=scope.protected,
    )
    keys = sorted(counts, key=lambda key: (-counts[key][0], key))
    if scope.protected:
        cells = [
            disclosure.CountCell(row=r, col=c, n=counts[r, c][0], key_sum=counts[r, c][1])
            for r, c in keys
        ]
        reason = disclosure.refuse_reason(cells, k=K_THRESHOLD)
        if reason:
            figure.refused = str(reason)
            return figure
        table = disclosure.protect_2d(cells)
        for cell in table.cells:
            if cell.row is None or cell.col is None:
                continue
            figure.rows.append(
                {
                    "value": f"{cell.row}:{cell.col}",
                    "label": _label(rows, cell.row),
                    "series": _label(columns, cell.col),
                    "n": cell.value,
                    "status": _status(cell),
                }
            )
            figure.perturbed = figure.perturbed or cell.perturbed
        figure.total, figure.total_status = table.total.value, _status(table.total)
        return figure
    for r, c in keys:
        figure.rows.append(
            {
                "value": f"{r}:{c}",
                "label": _label(rows, r),
                "series": _label(columns, c),
                "n": counts[r, c][0],
                "status": PUBLISHED,
            }
        )
    figure.total = sum(n for n, _k in counts.values())
    return figure


def _dimension_label(code: str) -> str:
    if code == "region":
        return _("Region")
    return str(DIMENSIONS[code].label)


# The figures of a dashboard, in the order shown: (code, how it is drawn).
DASHBOARD: tuple[tuple[str, str], ...] = (
    ("cases_by_month", "trend"),
    ("status", "bar"),
    ("trafficking_status", "bar"),
    ("age_group", "bar"),
    ("sex", "bar"),
    ("nationality", "map"),
    ("exploitation", "bar"),
    ("channel", "bar"),
    ("referral", "stacked"),
    ("deadline", "stacked"),
    ("missing", "bar"),
    ("placement", "bar"),
    ("tracing", "bar"),
)
CASELOAD: tuple[tuple[str, str], ...] = (
    ("overdue", "bar"),
    ("status", "bar"),
    ("cases_by_month", "trend"),
    ("trafficking_status", "bar"),
    ("deadline", "stacked"),
    ("referral", "stacked"),
    ("missing", "bar"),
    ("placement", "bar"),
)
FIGURE_CODES = {code for code, _kind in DASHBOARD}


def figure_build(code: str, *, scope: Scope, filters: Filters, trend: str = "cases") -> Figure:
    """One figure of a dashboard; `cases_by_month` follows the dimension `trend` names."""
    if code == "cases_by_month":
        return by_month(trend if trend in TRENDS else "cases", scope=scope, filters=filters)
    if code in {"referral", "deadline"}:
        return by_pair(code, scope=scope, filters=filters)
    return by_value(code, scope=scope, filters=filters)
