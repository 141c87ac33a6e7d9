"""Vega-Lite specifications of the statistics charts, built with Altair from released figures.

A row is one released figure: `{"value": code, "label": str, "n": int | None, "status": ...}`, with
`"month": "YYYY-MM"` in a trend and `"series": label` in a two-way table. A suppressed figure has
no count (`n` is None): its bar is drawn at zero and labelled "<11"; a noisy one carries a marker
and a note in its tooltip. The rows are inlined in the specification as given (the map adds the
ISO 3166-1 numeric id it joins on); the only file a chart loads is the vendored world TopoJSON.

The specifications are drawn by `web/static/stats/charts.js` under a Content-Security-Policy
without 'unsafe-eval', so every expression here must be one that vega-interpreter evaluates.
"""

from __future__ import annotations

import functools
import json
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final, ParamSpec

import altair as alt
import pycountry
from altair.utils.schemapi import debug_mode
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from kinhaven.stats.enums import K_THRESHOLD

SUPPRESSION_THRESHOLD: Final = 11
SUPPRESSED_TEXT: Final = f"<{SUPPRESSION_THRESHOLD}"
NOISY_MARKER: Final = "*"

# The site's palette (web/kinhaven.css).
ACCENT: Final = "#0b5cab"
ACCENT_LIGHT: Final = "#6b9fd6"
FG: Final = "#1b1f24"
MUTED: Final = "#5b6470"
NO_DATA: Final = "#e4e7ec"
SUPPRESSED_FILL: Final = "#98a2b3"

# Longer axis labels are broken into lines of about this many characters, so that a horizontal
# bar chart keeps room for its bars on a 375 px wide phone.
LABEL_LINE: Final = 20
BAR_STEP: Final = 26
MAP_HEIGHT: Final = 240
TREND_HEIGHT: Final = 220

ROW_KEYS: Final = ("value", "label", "n", "status")
STATUSES: Final = ("published", "suppressed", "noisy")

Row = Mapping[str, Any]
Spec = dict[str, Any]

# Expressions over the inlined rows (vega-interpreter evaluates them; no eval).
DRAWN = "datum.n === null ? 0 : datum.n"
SHOWN = (
    f"datum.status === 'suppressed' ? {json.dumps(SUPPRESSED_TEXT)}"
    f" : format(datum.n, ',') + (datum.status === 'noisy' ? {json.dumps(NOISY_MARKER)} : '')"
)
NOTE = "kh_notes[datum.status]"
LABEL_LINES = "kh_lines[datum.value] || datum.label"


def _records(rows: Iterable[Row], keys: Sequence[str]) -> list[dict[str, Any]]:
    """The rows as inlined, with only the keys a chart reads."""
    records = []
    for row in rows:
        status = row["status"]
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        records.append({key: row[key] for key in keys if key in row})
        if status == "suppressed":
            records[-1]["n"] = None
    return records


def _notes() -> alt.Parameter:
    return alt.param(
        name="kh_notes",
        value={
            "published": "",
            "suppressed": _("suppressed: fewer than %(n)s") % {"n": SUPPRESSION_THRESHOLD},
            "noisy": _("approximate: noise added to protect privacy"),
        },
    )


def _lines(labels: Iterable[str]) -> alt.Parameter:
    """Axis labels too long for a phone, broken into lines (Vega draws a list as lines)."""
    lines = {}
    for label in labels:
        wrapped = textwrap.wrap(label, LABEL_LINE, break_long_words=False)
        if len(wrapped) > 1:
            lines[label] = wrapped
    return alt.param(name="kh_lines", value=lines)


def _notes_title(records: Sequence[Mapping[str, Any]], *, suppressed: str) -> alt.Title | None:
    """Lines above the chart that explain its markers; the page shows the chart's title in the
    figure's caption, so the chart does not repeat it."""
    statuses = {record["status"] for record in records}
    lines = []
    if "suppressed" in statuses:
        lines.append(suppressed)
    if "noisy" in statuses:
        lines.append(
            _("%(marker)s approximate: noise added to protect privacy.") % {"marker": NOISY_MARKER}
        )
    if not lines:
        return None
    return alt.Title(lines, anchor="start", fontSize=12, fontWeight="normal", color=MUTED)


def _suppressed_shown() -> str:
    return _("%(text)s: fewer than %(n)s children.") % {
        "text": SUPPRESSED_TEXT,
        "n": SUPPRESSION_THRESHOLD,
    }


def _suppressed_left_out() -> str:
    return _("Counts of fewer than %(n)s children are not drawn.") % {"n": SUPPRESSION_THRESHOLD}


def _finish(
    chart: alt.Chart | alt.LayerChart | alt.FacetChart,
    title: str,
    notes: alt.Title | None,
    records: list[dict[str, Any]] | None = None,
) -> Spec:
    """The chart's specification, with its `records` as its data where given. Each of Altair's
    chained calls copies the whole chart: the records are put in last, not copied with it."""
    chart = chart.properties(width="container", description=str(title))
    if notes is not None:
        chart = chart.properties(title=notes)
    if records is not None:
        chart.data = alt.InlineData(values=records)
    # Built without validation (Altair's debug mode is off, see _unvalidated): validation took
    # three quarters of a chart's time. The tests validate every kind of chart against the
    # Vega-Lite schema instead.
    spec: Spec = chart.to_dict(validate=False)
    # Fit the width of the figure; the height follows from the number of bars or is fixed.
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    spec["config"] = {
        "font": "system-ui, sans-serif",
        "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": "#1b1f24"},
        "legend": {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 0, "orient": "bottom"},
        "view": {"stroke": None},
    }
    if get_language_bidi():
        _mirror(spec)
    return spec


def _mirror(spec: dict[str, Any]) -> None:
    """Read a chart right to left: the horizontal scale runs from the right, the vertical axis
    stands on the right, for every layer."""
    encoding = spec.get("encoding", {})
    if "x" in encoding:
        encoding["x"].setdefault("scale", {})["reverse"] = True
    if "y" in encoding:
        axis = encoding["y"].get("axis")
        if axis is not None or "axis" not in encoding["y"]:
            encoding["y"]["axis"] = {**(axis or {}), "orient": "right"}
    for layer in spec.get("layer", []):
        _mirror(layer)


def _when(status: str, value: Any) -> dict[str, Any]:
    """The value a channel takes for the records of a status, as an encoding's condition.
    Given to the channel's own class, so that Altair need not work out which class a condition
    is (it validates every candidate: most of a chart's time)."""
    return {"test": f"datum.status === '{status}'", "value": value}


def _bars_height(records: Sequence[Mapping[str, Any]]) -> int:
    """A bar chart's height in pixels: BAR_STEP for each value. Given as a number, not as a step
    (Vega-Lite warns that it drops fitting the height wherever a chart that fits its width has a
    height in steps)."""
    return BAR_STEP * max(len({str(record["label"]) for record in records}), 1)


def _label_axis(axis_title: str) -> alt.Axis:
    return alt.Axis(title=str(axis_title), labelExpr=LABEL_LINES, labelLimit=0)


def _count_scale() -> alt.Scale:
    """From 0, and at least up to the threshold: a chart whose every count is suppressed (drawn
    at 0) still has an axis."""
    return alt.Scale(domain={"unionWith": [0, K_THRESHOLD]})


def _count_axis() -> alt.Axis:
    return alt.Axis(title=_("Count"), format="~s", tickMinStep=1)


def _tooltip(*first: alt.Tooltip) -> list[alt.Tooltip]:
    return [
        *first,
        alt.Tooltip("shown:N", title=_("Count")),
        alt.Tooltip("note:N", title=_("Note")),
    ]


P = ParamSpec("P")


def _unvalidated(build: Callable[P, Spec]) -> Callable[P, Spec]:
    """Build a chart with Altair's validation at each step turned off (its debug mode): the
    same specification, in a quarter of the time."""

    @functools.wraps(build)
    def run(*args: P.args, **kwargs: P.kwargs) -> Spec:
        with debug_mode(False):
            return build(*args, **kwargs)

    return run


@_unvalidated
def bar_chart(rows: Iterable[Row], *, title: str, axis_title: str) -> Spec:
    """A horizontal bar for each value, in the order of the rows, its count at its end."""
    records = _records(rows, ROW_KEYS)
    y = alt.Y("label:N", sort=None, axis=_label_axis(axis_title))
    tooltip = _tooltip(alt.Tooltip("label:N", title=str(axis_title)))
    bars = (
        alt.Chart()
        .mark_bar()
        .encode(
            y=y,
            x=alt.X("drawn:Q", axis=_count_axis(), scale=_count_scale()),
            color=alt.ColorValue(ACCENT, condition=_when("noisy", ACCENT_LIGHT)),
            tooltip=tooltip,
        )
    )
    counts = (
        alt.Chart()
        .mark_text(align="left", dx=4)
        .encode(
            y=y,
            x=alt.X("drawn:Q"),
            text=alt.Text("shown:N"),
            color=alt.ColorValue(FG, condition=_when("suppressed", MUTED)),
            tooltip=tooltip,
        )
    )
    chart = (
        alt.layer(bars, counts)
        .transform_calculate(drawn=DRAWN, shown=SHOWN, note=NOTE)
        .add_params(_notes(), _lines(str(record["label"]) for record in records))
        .properties(height=_bars_height(records))
    )
    return _finish(chart, title, _notes_title(records, suppressed=_suppressed_shown()), records)


@_unvalidated
def trend_chart(rows: Iterable[Row], *, title: str) -> Spec:
    """Counts by month: a line for each value with a point for each month; a suppressed month
    breaks the line and is a grey point on the axis."""
    records = _records(rows, ("month", *ROW_KEYS))
    labels = list(dict.fromkeys(str(record["label"]) for record in records))
    x = alt.X(
        "month:T",
        timeUnit="utcyearmonth",
        title=_("Month"),
        # Numeric months: Vega's month names are English whatever the page's language.
        axis=alt.Axis(format="%Y-%m", labelAngle=-45, labelOverlap=True),
    )

    def color(**condition: Any) -> alt.Color | alt.ColorValue:
        """A colour for each value where there are several, else the accent."""
        if len(labels) > 1:
            scale = alt.Scale(scheme="tableau10")
            return alt.Color("label:N", sort=labels, title=None, scale=scale, **condition)
        return alt.ColorValue(ACCENT, **condition)

    line = (
        alt.Chart()
        .mark_line(invalid="break-paths-show-domains")
        .encode(
            x=x,
            y=alt.Y("n:Q", axis=_count_axis(), scale=_count_scale()),
            color=color(),
            detail=alt.Detail("label:N"),
        )
    )
    points = (
        alt.Chart()
        .mark_point(filled=True, size=50)
        .encode(
            x=x,
            y=alt.Y("drawn:Q"),
            color=color(condition=_when("suppressed", SUPPRESSED_FILL)),
            shape=alt.ShapeValue("circle", condition=_when("noisy", "diamond")),
            tooltip=_tooltip(
                alt.Tooltip("month:T", timeUnit="utcyearmonth", format="%Y-%m", title=_("Month")),
                alt.Tooltip("label:N", title=_("Value")),
            ),
        )
    )
    chart = (
        alt.layer(line, points)
        .transform_calculate(drawn=DRAWN, shown=SHOWN, note=NOTE)
        .add_params(_notes())
        .properties(height=TREND_HEIGHT)
    )
    return _finish(chart, title, _notes_title(records, suppressed=_suppressed_shown()), records)


@_unvalidated
def stacked_bar_chart(
    rows: Iterable[Row], *, title: str, axis_title: str, series_title: str
) -> Spec:
    """A horizontal bar for each value, split by series; a suppressed cell is left out of its
    bar (a note above the chart says so) and named in the tooltip."""
    records = _records(rows, ("series", *ROW_KEYS))
    series = list(dict.fromkeys(str(record["series"]) for record in records))
    chart = (
        alt.Chart()
        .transform_calculate(drawn=DRAWN, shown=SHOWN, note=NOTE)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort=None, axis=_label_axis(axis_title)),
            x=alt.X("drawn:Q", stack="zero", axis=_count_axis(), scale=_count_scale()),
            color=alt.Color(
                "series:N",
                sort=series,
                title=str(series_title),
                scale=alt.Scale(scheme="tableau10"),
                legend=alt.Legend(orient="bottom", direction="vertical"),
            ),
            opacity=alt.OpacityValue(1, condition=_when("noisy", 0.6)),
            tooltip=_tooltip(
                alt.Tooltip("label:N", title=str(axis_title)),
                alt.Tooltip("series:N", title=str(series_title)),
            ),
        )
        .add_params(_notes(), _lines(str(record["label"]) for record in records))
        .properties(height=_bars_height(records))
    )
    return _finish(chart, title, _notes_title(records, suppressed=_suppressed_left_out()), records)


def numeric_country_id(alpha_3: str) -> str | None:
    """The ISO 3166-1 numeric code of a country as world-atlas spells its ids ("040"), or None
    for a code that is no country (unknown, stateless)."""
    country = pycountry.countries.get(alpha_3=alpha_3.upper())
    return None if country is None else str(country.numeric)


@_unvalidated
def world_map(rows: Iterable[Row], *, title: str, topojson_url: str) -> Spec:
    """A choropleth of the rows' nationalities (ISO 3166-1 alpha-3): countries without a figure
    light grey, suppressed ones darker grey. Values that are no country are left off the map;
    the table beside it has them."""
    records = []
    for record in _records(rows, ROW_KEYS):
        country_id = numeric_country_id(str(record["value"]))
        if country_id is not None:
            records.append({"id": country_id, **record})
    countries = alt.UrlData(
        url=topojson_url, format=alt.TopoDataFormat(type="topojson", feature="countries")
    )
    land = alt.Chart().mark_geoshape(fill=NO_DATA, stroke="#fff", strokeWidth=0.5)
    figures = (
        alt.Chart()
        .transform_lookup(
            lookup="id",
            from_=alt.LookupData(
                data=alt.InlineData(values=records), key="id", fields=["label", "n", "status"]
            ),
        )
        .transform_filter("isValid(datum.status)")
        .transform_calculate(shown=SHOWN, note=NOTE)
        # Shown, not filtered out, where n is None: the condition paints suppressed ones grey.
        .mark_geoshape(stroke="#fff", strokeWidth=0.5, invalid="show")
        .encode(
            color=alt.Color(
                "n:Q",
                title=_("Count"),
                # From a visible blue up: the palest blues are too close to the grey of no data.
                scale=alt.Scale(scheme=alt.SchemeParams(name="blues", extent=[0.3, 1]), zero=True),
                legend=alt.Legend(orient="bottom", format="~s", gradientLength=160),
                condition={"test": "datum.status === 'suppressed'", "value": SUPPRESSED_FILL},
            ),
            tooltip=_tooltip(alt.Tooltip("label:N", title=_("Nationality"))),
        )
    )
    chart = (
        alt.layer(land, figures, data=countries)
        .add_params(_notes())
        .project(type="equalEarth")
        .properties(height=MAP_HEIGHT)
    )
    return _finish(chart, title, _notes_title(records, suppressed=_suppressed_shown()))


def chart_table(
    rows: Iterable[Row], *, row_title: str, row_key: str = "label", column_key: str | None = None
) -> dict[str, Any]:
    """The figures of a chart as the table beside it (`stats/_chart.html`): `columns` the header
    cells, `rows` a `header` and `cells` (`{"n", "status"}`, None where the rows have no figure)
    each, `noisy` whether a cell needs the note on noise."""
    grouped: dict[str, dict[str, Mapping[str, Any]]] = {}
    column_names: dict[str, None] = {}
    for row in rows:
        column = str(row[column_key]) if column_key else ""
        grouped.setdefault(str(row[row_key]), {})[column] = row
        column_names[column] = None
    columns = [str(row_title), *(column_names if column_key else [_("Count")])]
    table_rows: list[dict[str, Any]] = [
        {
            "header": header,
            "cells": [
                None
                if column not in cells
                else {
                    "n": None if cells[column]["status"] == "suppressed" else cells[column]["n"],
                    "status": cells[column]["status"],
                }
                for column in column_names
            ],
        }
        for header, cells in grouped.items()
    ]
    noisy = any(
        cell is not None and cell["status"] == "noisy"
        for row in table_rows
        for cell in row["cells"]
    )
    return {"columns": columns, "rows": table_rows, "noisy": noisy}
