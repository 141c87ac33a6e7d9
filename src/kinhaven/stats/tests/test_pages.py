"""The dashboards, the report builder, the exports and the releases, through the pages and the
API: aggregates only, small counts suppressed, the budget kept, exports k-anonymous."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest
from django.test import Client

from kinhaven.accounts.enums import RoleCode
from kinhaven.accounts.models import Role, User
from kinhaven.audit.models import AuditEntry
from kinhaven.cases.models import Case
from kinhaven.cases.services import case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import ApiClient, World, run_worker, web_client
from kinhaven.stats.ctdc import CTDC_QUASI_IDENTIFIERS, k_anonymity
from kinhaven.stats.disclosure import cell_perturbation
from kinhaven.stats.facts import cells_rebuild, stats_rebuild
from kinhaven.stats.figures import durations
from kinhaven.stats.models import CaseFact, StatExport
from kinhaven.stats.queries import NATIONAL, Filters, Scope
from kinhaven.stats.services import export_path

pytestmark = pytest.mark.django_db

# Names no figure, request or file may ever carry.
CANARY_GIVEN = "Zyqvaltrine"
CANARY_FAMILY = "Oxbrummelsk"

# 40 children: 25 Nigerian girls aged 15, 12 Romanian boys aged 16, and 3 Afghan boys aged 9
# (a group under 11, which every published figure must hide).
GROUPS = [("NGA", "F", 15, 25), ("ROU", "M", 16, 12), ("AFG", "M", 9, 3)]


@pytest.fixture
def counted(world: World) -> list[Any]:
    children = []
    for nationality, sex, age, count in GROUPS:
        for i in range(count):
            child = child_register(
                actor=world.caseworker,
                data=ChildIn(
                    given_name=f"{CANARY_GIVEN}{i}",
                    family_name=CANARY_FAMILY,
                    nationality=nationality,
                    sex=sex,
                    age_estimate_years=age,
                ),
            )
            case_open(actor=world.caseworker, child=child)
            children.append(child)
    stats_rebuild()
    return children


def _coordinator(world: World) -> User:
    return world.user("coordinator", RoleCode.NATIONAL_COORDINATOR, world.agency, None)


def _no_child_data(text: str, children: list[Any]) -> None:
    assert CANARY_GIVEN not in text
    assert CANARY_FAMILY not in text
    for child in children:
        assert str(child.public_id) not in text


def test_the_analysts_dashboard_shows_figures_and_no_child(
    world: World, counted: list[Any]
) -> None:
    client = web_client(world.analyst)
    home = client.get("/")
    assert home.status_code == 302
    assert home["Location"] == "/stats/"
    page = client.get("/stats/")
    assert page.status_code == 200
    html = page.content.decode()
    _no_child_data(html, counted)
    # Each chart comes with its table and its CSV.
    # Every figure of the dashboard is there: drawn, or said to have nothing to count.
    assert html.count('class="kh-chart"') + html.count('class="kh-chart-empty"') == 13
    assert html.count('class="kh-chart"') >= 8
    csv_links = re.findall(r'href="(/stats/figures/[a-z_]+\.csv[^"]*)"', html)
    assert len(csv_links) >= 8
    for link in csv_links:
        download = client.get(link.replace("&amp;", "&"))
        assert download.status_code == 200, link
        _no_child_data(download.content.decode(), counted)
    # The spec data (what the charts are drawn from) carries no child either.
    specs = re.findall(r'<script[^>]*type="application/json"[^>]*>(.*?)</script>', html, re.S)
    assert specs
    for spec in specs:
        _no_child_data(spec, counted)


def _nationality_rows(client: Client, **params: str) -> dict[str, tuple[Any, str]]:
    response = client.get("/stats/figures/nationality.csv", params)
    assert response.status_code == 200
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    return {row[0]: (row[-2], row[-1]) for row in lines[1:]}


def test_a_group_under_11_is_suppressed_and_cannot_be_worked_out(
    world: World, counted: list[Any]
) -> None:
    rows = _nationality_rows(web_client(world.analyst))
    assert rows["AFG"] == ("", "suppressed")
    # With one small group only, a second figure is hidden so the total does not give it away.
    assert rows["ROU"] == ("", "suppressed")
    nga, total = int(rows["NGA"][0]), rows["total"]
    assert abs(nga - 25) <= 2
    if total[0]:
        # Whatever is published, the Afghan count does not follow from it.
        assert int(total[0]) - nga != 3


def test_the_same_question_gets_the_same_answer(world: World, counted: list[Any]) -> None:
    client = web_client(world.analyst)
    assert _nationality_rows(client) == _nationality_rows(client)


def test_the_caseworker_sees_their_own_caseload_unsuppressed(
    world: World, counted: list[Any]
) -> None:
    client = web_client(world.caseworker)
    response = client.get("/my-figures/status.csv")
    assert response.status_code == 200
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    assert lines[-1][-2] == "40"
    # Not the national figures: those are for the statistics roles.
    assert client.get("/stats/").status_code == 403
    other = web_client(world.caseworker2).get("/my-figures/status.csv")
    assert list(csv.reader(io.StringIO(other.content.decode())))[-1][-2] == "0"


def test_the_api_gives_figures_and_refuses_bad_filters(
    world: World, counted: list[Any], api: Callable[[str], ApiClient]
) -> None:
    analyst = api("analyst")
    figure = analyst.get("/api/v1/stats/figures/nationality")
    assert figure.status_code == 200
    body = figure.json()
    assert body["protected"] is True
    by_value = {row["value"]: row for row in body["rows"]}
    assert by_value["AFG"]["n"] is None
    assert by_value["AFG"]["status"] == "suppressed"
    _no_child_data(figure.content.decode(), counted)
    bad = analyst.get("/api/v1/stats/figures/nationality", month_from="2026-13")
    assert bad.status_code == 422
    assert "month_from" in bad.content.decode()
    assert analyst.get("/api/v1/stats/figures/nosuch").status_code == 404
    assert api("caseworker").get("/api/v1/stats/figures/nationality").status_code == 403


def test_a_report_that_would_single_children_out_is_refused(
    world: World, counted: list[Any], api: Callable[[str], ApiClient]
) -> None:
    analyst = api("analyst")
    fine = analyst.get("/api/v1/stats/report", rows="nationality", columns="sex")
    assert fine.status_code == 200
    cells = {row["value"]: row for row in fine.json()["rows"]}
    assert cells["AFG:M"]["n"] is None
    # Age by nationality by sex, cut to the three-child group's region of the table.
    refused = analyst.get(
        "/api/v1/stats/report", rows="age_group", columns="nationality", region="AT-9"
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] in {"rows", "region"} or "rows" in str(
        refused.json()
    )


def test_the_ctdc_export_is_k_anonymous_and_downloaded_once(
    world: World, counted: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    client = web_client(world.analyst)
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post("/stats/exports/", {"kind": "ctdc", "file_format": "xlsx"})
    assert asked.status_code == 302
    run_worker()
    page = client.get("/stats/exports/").content.decode()
    assert "k = " in page
    export_id = re.search(r"/stats/exports/([0-9a-f-]{36})/file/", page)
    assert export_id
    download = client.post(f"/stats/exports/{export_id.group(1)}/file/")
    assert download.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(download.content), read_only=True)
    sheet = book.active
    values = list(sheet.iter_rows(values_only=True))
    header, lines = values[0], values[1:]
    rows = [
        dict(zip(header, ["" if v is None else str(v) for v in line], strict=True))
        for line in lines
    ]
    assert rows
    # k measured here: the smallest group of lines alike on every quasi-identifier.
    classes = Counter(tuple(row[q] for q in CTDC_QUASI_IDENTIFIERS) for row in rows)
    assert min(classes.values()) >= 11
    assert k_anonymity(rows, CTDC_QUASI_IDENTIFIERS) == min(classes.values())
    text = str(values)
    _no_child_data(text, counted)
    # Once only.
    again = client.post(f"/stats/exports/{export_id.group(1)}/file/")
    assert again.status_code == 409


def test_the_identified_export_needs_its_capability(
    world: World,
    counted: list[Any],
    api: Callable[[str], ApiClient],
    django_capture_on_commit_callbacks: Any,
) -> None:
    refused = api("analyst").post("/api/v1/stats/exports", {"kind": "htcds"})
    assert refused.status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        asked = api("supervisor").post(
            "/api/v1/stats/exports", {"kind": "htcds", "file_format": "csv"}
        )
    assert asked.status_code == 202, asked.content
    run_worker()
    detail = api("supervisor").get(f"/api/v1/stats/exports/{asked.json()['id']}")
    assert detail.json()["status"] == "ready", detail.content
    download = api("supervisor").post(f"/api/v1/stats/exports/{asked.json()['id']}/file", {})
    assert download.status_code == 200
    assert CANARY_FAMILY in download.content.decode()
    entry = AuditEntry.objects.get(action="child.export_htcds")
    assert len(entry.object_ids) == 40


def test_the_ledger_refuses_a_release_beyond_the_budget(
    world: World, counted: list[Any], api: Callable[[str], ApiClient]
) -> None:
    _coordinator(world)
    coordinator = api("coordinator")
    created = coordinator.post(
        "/api/v1/stats/datasets",
        {
            "name": "Cases 2026",
            "period_from": "2000-01-01",
            "period_to": "2099-12-31",
            "epsilon_budget": 1.0,
        },
    )
    assert created.status_code == 201, created.content
    dataset = created.json()["id"]
    first = coordinator.post(
        f"/api/v1/stats/datasets/{dataset}/releases", {"dimension": "sex", "epsilon": 0.7}
    )
    assert first.status_code == 201, first.content
    assert dict(first.json()["result"]).keys() >= {"F", "M"}
    beyond = coordinator.post(
        f"/api/v1/stats/datasets/{dataset}/releases", {"dimension": "age_group", "epsilon": 0.5}
    )
    assert beyond.status_code == 422
    assert "epsilon" in beyond.content.decode()
    ledger = api("analyst").get(f"/api/v1/stats/datasets/{dataset}/releases")
    assert len(ledger.json()) == 1
    assert (
        api("analyst")
        .post(f"/api/v1/stats/datasets/{dataset}/releases", {"dimension": "sex", "epsilon": 0.1})
        .status_code
        == 403
    )


def test_two_overlapping_periods_do_not_give_away_a_hidden_count(
    world: World, counted: list[Any]
) -> None:
    """The Afghan boys' cases were opened in April, everyone else's in January to March: the
    April count (3) is hidden, and subtracting January-March from January-April does not
    recover it, because each published total carries its own fixed perturbation."""
    for index, child in enumerate(counted):
        month = 4 if child.nationality == "AFG" else 1 + index % 3
        Case.objects.filter(child=child).update(
            created_at=dt.datetime(2026, month, 15, 12, tzinfo=dt.UTC)
        )
    stats_rebuild()
    # Fixed record keys: the test reads the same figures every time it runs.
    for index, fact in enumerate(CaseFact.objects.order_by("case_id")):
        CaseFact.objects.filter(pk=fact.pk).update(record_key=(index * 2654435761) % 2**31)
    cells_rebuild()
    client = web_client(world.analyst)
    trend = list(
        csv.reader(io.StringIO(client.get("/stats/figures/cases_by_month.csv").content.decode()))
    )
    april = next(row for row in trend if row[0] == "2026-04")
    assert april[-1] == "suppressed"

    def total(month_to: str) -> int:
        rows = _nationality_rows(client, month_from="2026-01", month_to=month_to)
        assert rows["total"][1] == "published"
        return int(rows["total"][0])

    to_march, to_april = total("2026-03"), total("2026-04")
    assert to_april - to_march != 3
    # Asked again, each total is the same: repeating a question reveals nothing more.
    assert (total("2026-03"), total("2026-04")) == (to_march, to_april)


def test_the_trend_follows_the_dimension_asked_for(
    world: World, counted: list[Any], api: Callable[[str], ApiClient]
) -> None:
    analyst = api("analyst")
    trend = analyst.get("/api/v1/stats/figures/cases_by_month", trend="sex")
    assert trend.status_code == 200
    rows = {(row["month"], row["label"]): row for row in trend.json()["rows"]}
    month = f"{Case.objects.first().created_at:%Y-%m}"  # type: ignore[union-attr]
    # 25 girls and 15 boys, all this month: both published, perturbed by at most 2.
    assert abs(rows[month, "Female"]["n"] - 25) <= 2
    assert abs(rows[month, "Male"]["n"] - 15) <= 2
    by_nationality = {
        (row["month"], row["label"]): row
        for row in analyst.get("/api/v1/stats/figures/cases_by_month", trend="age_group").json()[
            "rows"
        ]
    }
    # The three nine-year-olds are hidden.
    assert by_nationality[month, "6-11"]["n"] is None
    refused = analyst.get("/api/v1/stats/figures/cases_by_month", trend="nationality")
    assert refused.status_code == 422
    assert "trend" in refused.content.decode()
    page = web_client(world.analyst).get("/stats/", {"trend": "sex"})
    assert page.status_code == 200
    assert "trend=sex" in page.content.decode()


def test_an_identified_export_is_not_written_for_someone_no_longer_allowed(
    world: World,
    counted: list[Any],
    api: Callable[[str], ApiClient],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        asked = api("supervisor").post("/api/v1/stats/exports", {"kind": "htcds"})
    assert asked.status_code == 202
    # The supervisor moves to casework before the worker writes the file.
    world.supervisor.role = Role.objects.get(code=RoleCode.CASEWORKER)
    world.supervisor.save(update_fields=["role"])
    run_worker()
    export = StatExport.objects.get(public_id=asked.json()["id"])
    assert export.status == "failed"
    assert export.error
    assert not export_path(export).exists()
    assert not AuditEntry.objects.filter(action="child.export_htcds").exists()


def test_only_a_national_coordinator_releases_from_the_pages(
    world: World, counted: list[Any]
) -> None:
    dataset = {
        "name": "Cases this year",
        "period_from": "2000-01-01",
        "period_to": "2099-12-31",
        "epsilon_budget": "0.5",
    }
    analyst = web_client(world.analyst)
    assert analyst.post("/stats/releases/", dataset).status_code == 403
    coordinator = web_client(_coordinator(world))
    created = coordinator.post("/stats/releases/", dataset)
    assert created.status_code == 302
    page = created["Location"]
    assert analyst.post(page, {"dimension": "sex", "epsilon": "0.1"}).status_code == 403
    assert coordinator.post(page, {"dimension": "sex", "epsilon": "0.4"}).status_code == 302
    beyond = coordinator.post(page, {"dimension": "sex", "epsilon": "0.4"})
    assert beyond.status_code == 422
    assert "0.1 is left" in beyond.content.decode()
    ledger = analyst.get(page).content.decode()
    assert ledger.count('class="stats-table release"') == 1


def test_how_long_it_took_publishes_its_counts_moved_by_the_cell_key(
    world: World, counted: list[Any]
) -> None:
    # 40 cases opened 3 days after their reports; 3 of them (a group under 11) 10 days after.
    CaseFact.objects.update(days_to_case=3)
    few = list(CaseFact.objects.order_by("pk")[:3].values_list("pk", flat=True))
    CaseFact.objects.filter(pk__in=few).update(days_to_case=10)
    # Record keys that move a count of 40 (most do; these are fixed so that the test shows it).
    CaseFact.objects.update(record_key=0)
    keys = next(k for k in range(1, 10**6, 7919) if cell_perturbation(40, k) != 0)
    CaseFact.objects.filter(pk=few[0]).update(record_key=keys)
    cells_rebuild()
    national = {s.code: s for s in durations(scope=NATIONAL, filters=Filters())}
    # The same noise as every published count of these 40 records: the same each time asked.
    assert national["days_to_case"].count == 40 + cell_perturbation(40, keys) != 40
    assert national["days_to_case"].median is not None
    assert national["days_to_guardian"].count is None  # none counted: not given
    # An agency's own figures are its own cases: exact.
    own = {
        s.code: s
        for s in durations(scope=Scope(kind="agency", agency_id=world.agency.pk), filters=Filters())
    }
    assert own["days_to_case"].count == 40
