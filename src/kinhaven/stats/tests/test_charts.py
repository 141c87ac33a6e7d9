"""The chart specifications, the chart partial, and the charts drawn in Chromium under the site's
Content-Security-Policy."""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from altair.utils.schemapi import validate_jsonschema
from altair.vegalite.v6.schema.core import load_schema
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from kinhaven.stats import charts

if TYPE_CHECKING:
    from playwright.sync_api import Response

STATIC = Path(charts.__file__).resolve().parent.parent / "web" / "static"
TOPOJSON_URL = "/static/vendor/world-atlas/countries-110m.json"
CHROMIUM = "/usr/bin/chromium"

BAR_ROWS: list[dict[str, Any]] = [
    {"value": "sexual", "label": "Sexual exploitation", "n": 120, "status": "published"},
    {"value": "labour", "label": "Forced labour", "n": None, "status": "suppressed"},
    {
        "value": "crime",
        "label": "Forced criminal activity, including drug trafficking",
        "n": 34,
        "status": "noisy",
    },
]
TREND_ROWS: list[dict[str, Any]] = [
    {
        "month": f"2026-{month:02d}",
        "value": "new",
        "label": "New cases",
        "n": None if month == 3 else 10 + month,
        "status": "suppressed" if month == 3 else "published",
    }
    for month in range(1, 13)
]
STACKED_ROWS: list[dict[str, Any]] = [
    {"value": sex, "label": label, "series": age, "n": n, "status": status}
    for sex, label in (("F", "Girls"), ("M", "Boys"))
    for age, n, status in (
        ("0-5", 12, "published"),
        ("6-11", None, "suppressed"),
        ("12-17", 40, "noisy"),
    )
]
MAP_ROWS: list[dict[str, Any]] = [
    {"value": "AUT", "label": "Austria", "n": 50, "status": "published"},
    {"value": "NGA", "label": "Nigeria", "n": None, "status": "suppressed"},
    {"value": "ERI", "label": "Eritrea", "n": 23, "status": "noisy"},
    {"value": "unknown", "label": "Unknown", "n": 30, "status": "published"},
]


def _specs() -> dict[str, dict[str, Any]]:
    return {
        "bar": charts.bar_chart(BAR_ROWS, title="Exploitation", axis_title="Form of exploitation"),
        "trend": charts.trend_chart(TREND_ROWS, title="New cases by month"),
        "stacked": charts.stacked_bar_chart(
            STACKED_ROWS, title="Sex and age", axis_title="Sex", series_title="Age"
        ),
        "map": charts.world_map(MAP_ROWS, title="Nationality", topojson_url=TOPOJSON_URL),
    }


def _inline_values(spec: Any) -> list[list[dict[str, Any]]]:
    """Every list of values in the specification, inline or named (Altair gathers inline data
    into `datasets`)."""
    found = []
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key == "values" and isinstance(value, list):
                found.append(value)
            elif key == "datasets":
                found.extend(value.values())
            else:
                found.extend(_inline_values(value))
    elif isinstance(spec, list):
        for item in spec:
            found.extend(_inline_values(item))
    return found


def _urls(spec: Any) -> list[str]:
    if isinstance(spec, dict):
        return [
            url
            for key, value in spec.items()
            for url in ([value] if key == "url" else _urls(value))
        ]
    if isinstance(spec, list):
        return [url for item in spec for url in _urls(item)]
    return []


@pytest.mark.parametrize("kind", ["bar", "trend", "stacked", "map"])
def test_specs_are_valid_vega_lite(kind: str) -> None:
    spec = _specs()[kind]

    assert validate_jsonschema(spec, load_schema(), raise_error=False) is None
    assert spec["$schema"].endswith("/vega-lite/v6.4.1.json")
    assert spec["width"] == "container"
    json.dumps(spec)  # plain JSON: no lazy strings left in it


@pytest.mark.parametrize("kind", ["bar", "trend", "stacked"])
def test_in_a_right_to_left_language_charts_read_from_the_right(kind: str) -> None:
    with translation.override("ar"):
        spec = _specs()[kind]
    assert validate_jsonschema(spec, load_schema(), raise_error=False) is None
    layers = spec.get("layer", [spec])
    x = [layer["encoding"]["x"] for layer in layers if "x" in layer.get("encoding", {})]
    y = [layer["encoding"]["y"] for layer in layers if "y" in layer.get("encoding", {})]
    assert x
    assert y
    assert all(e["scale"]["reverse"] is True for e in x)
    assert all(e["axis"]["orient"] == "right" for e in y)
    with translation.override("en"):
        left_to_right = _specs()[kind]
    assert "reverse" not in json.dumps(left_to_right)


def test_inline_data_are_the_rows_passed() -> None:
    specs = _specs()

    assert _inline_values(specs["bar"]) == [BAR_ROWS]
    assert _inline_values(specs["trend"]) == [TREND_ROWS]
    assert _inline_values(specs["stacked"]) == [STACKED_ROWS]
    # The map adds the numeric id it joins on and leaves out what is no country.
    assert _inline_values(specs["map"]) == [
        [{"id": charts.numeric_country_id(row["value"]), **row} for row in MAP_ROWS[:3]]
    ]
    assert [url for spec in specs.values() for url in _urls(spec)] == [TOPOJSON_URL]


def test_rows_keep_only_the_keys_a_chart_reads() -> None:
    row = {"value": "x", "label": "X", "n": 12, "status": "published", "case_ids": [1, 2]}

    spec = charts.bar_chart([row], title="T", axis_title="A")

    assert _inline_values(spec) == [[{"value": "x", "label": "X", "n": 12, "status": "published"}]]


def test_a_suppressed_row_has_no_count_and_is_marked() -> None:
    leaked = {"value": "labour", "label": "Forced labour", "n": 7, "status": "suppressed"}

    spec = charts.bar_chart([BAR_ROWS[0], leaked], title="T", axis_title="A")

    assert _inline_values(spec)[0][1]["n"] is None
    text = json.dumps(spec)
    assert '\\"<11\\"' in text  # drawn as "<11" at the end of an empty bar
    assert "suppressed: fewer than 11" in text  # its tooltip
    assert "approximate: noise added to protect privacy" in text


def test_an_unknown_status_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown status"):
        charts.bar_chart([{**BAR_ROWS[0], "status": "draft"}], title="T", axis_title="A")


def test_long_labels_are_broken_into_lines() -> None:
    spec = charts.bar_chart(BAR_ROWS, title="T", axis_title="A")

    lines = next(param["value"] for param in spec["params"] if param["name"] == "kh_lines")
    assert lines == {
        "Forced criminal activity, including drug trafficking": [
            "Forced criminal",
            "activity, including",
            "drug trafficking",
        ]
    }


@pytest.mark.parametrize(("alpha_3", "numeric"), [("AUT", 40), ("NGA", 566), ("ERI", 232)])
def test_world_map_ids_are_iso_numeric_codes(alpha_3: str, numeric: int) -> None:
    country_id = charts.numeric_country_id(alpha_3)

    assert country_id is not None
    assert int(country_id) == numeric


def test_world_map_ids_are_those_of_the_vendored_topojson() -> None:
    topology = json.loads((STATIC / "vendor/world-atlas/countries-110m.json").read_text())
    ids = {shape.get("id") for shape in topology["objects"]["countries"]["geometries"]}

    assert {charts.numeric_country_id(code) for code in ("AUT", "NGA", "ERI", "DEU")} <= ids
    assert charts.numeric_country_id("unknown") is None


def _render_partial(chart_id: str, title: str, spec: dict[str, Any], table: dict[str, Any]) -> str:
    return render_to_string(
        "stats/_chart.html",
        {"chart_id": chart_id, "title": title, "spec": spec, "csv_url": "/x.csv", **table},
    )


def test_partial_renders_a_table_with_suppressed_and_noisy_cells() -> None:
    spec = charts.bar_chart(BAR_ROWS, title="Exploitation", axis_title="Form")
    table = charts.chart_table(BAR_ROWS, row_title="Form")

    html = _render_partial("chart-exploitation", "Exploitation", spec, table)

    assert '<figure class="kh-chart" id="chart-exploitation"' in html
    assert '<script id="chart-exploitation-spec" type="application/json">' in html
    assert "<caption>Exploitation</caption>" in html
    assert '<th scope="col">Form</th>' in html
    assert '<th scope="row" dir="auto">Forced labour</th>' in html
    assert '<abbr title="suppressed: fewer than 11 children">&lt;11</abbr>' in html
    assert '34<a class="kh-chart-note" href="#chart-exploitation-noisy"' in html
    assert 'id="chart-exploitation-noisy"' in html
    assert '<a href="/x.csv" download>' in html
    # The specification is escaped for the script element.
    assert "<11" not in html.split('type="application/json">')[1].split("</script>")[0]


def test_partial_renders_a_two_way_table() -> None:
    table = charts.chart_table(STACKED_ROWS, row_title="Sex", column_key="series")

    html = _render_partial("chart-sex-age", "Sex and age", {}, table)

    assert table["columns"] == ["Sex", "0-5", "6-11", "12-17"]
    assert [row["header"] for row in table["rows"]] == ["Girls", "Boys"]
    assert html.count("&lt;11</abbr>") == 2


# In Chromium ---------------------------------------------------------------------------------


def _policy() -> str:
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


class _Handler(SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", _policy())
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def chart_site(tmp_path: Path) -> Iterator[str]:
    """A page of four charts rendered by the partial, served with the site's policy."""
    (tmp_path / "static").symlink_to(STATIC)
    specs = _specs()
    tables = {
        "bar": charts.chart_table(BAR_ROWS, row_title="Form"),
        "trend": charts.chart_table(TREND_ROWS, row_title="Month", row_key="month"),
        "stacked": charts.chart_table(STACKED_ROWS, row_title="Sex", column_key="series"),
        "map": charts.chart_table(MAP_ROWS, row_title="Nationality"),
    }
    figures = "".join(
        _render_partial(f"chart-{kind}", kind, specs[kind], tables[kind]) for kind in specs
    )
    scripts = "".join(
        f'<script src="/static/{path}" defer></script>'
        for path in (
            "vendor/vega/vega.min.js",
            "vendor/vega/vega-lite.min.js",
            "vendor/vega/vega-embed.min.js",
            "stats/charts.js",
        )
    )
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<link rel="icon" href="data:,">'
        f'<link rel="stylesheet" href="/static/web/kinhaven.css">{scripts}</head>'
        f"<body><main>{figures}</main></body></html>"
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()
    server.server_close()


def _record_failure(log: list[str], response: Response) -> None:
    if not response.ok:
        log.append(f"error: {response.status} {response.url}")


RECORD_VIOLATIONS = """
window.khViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.khViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""

# How many pixels of a figure's canvas are not transparent.
PAINTED = """(figure) => {
  const canvas = figure.querySelector("canvas");
  if (!canvas || !canvas.width) { return 0; }
  const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) { if (pixels[i]) { painted += 1; } }
  return painted;
}"""


@pytest.mark.browser
@pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="Debian chromium is not installed")
def test_charts_are_drawn_under_the_content_security_policy(chart_site: str) -> None:
    from playwright.sync_api import sync_playwright

    from kinhaven.web.tests.test_browser import CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 375, "height": 800})
            console: list[str] = []
            page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
            page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
            page.on("response", partial(_record_failure, console))
            page.add_init_script(RECORD_VIOLATIONS)
            page.goto(chart_site)
            # A function, not an expression: Playwright evaluates an expression again on every
            # poll, and the page's policy refuses eval; a function is evaluated once.
            page.wait_for_function(
                "() => document.querySelectorAll('figure.kh-chart-drawn, figure.kh-chart-failed')"
                ".length === 4",
                timeout=20_000,
            )

            assert page.evaluate("window.khViolations") == []
            assert [line for line in console if "error" in line or "Refused" in line] == []
            assert [line for line in console if line.startswith("warning")] == []
            for kind in ("bar", "trend", "stacked", "map"):
                figure = page.locator(f"#chart-{kind}")
                assert "kh-chart-drawn" in (figure.get_attribute("class") or "")
                canvas = figure.locator("canvas")
                box = canvas.bounding_box()
                assert box is not None
                assert 200 < box["width"] <= 375  # the figure's width on a phone
                assert figure.evaluate(PAINTED) > 1000, kind
                # Drawn, the table is one click away.
                assert figure.locator("details").evaluate("details => details.open") is False
            # No style element was added, and the tooltip comes from the style sheet.
            assert page.evaluate("document.querySelectorAll('style').length") == 0
        finally:
            browser.close()
