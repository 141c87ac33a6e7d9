"""The urgency of a report follows the child's risk factors, by rules kept as data, and the page
and the API say why."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from kinhaven.conftest import web_client
from kinhaven.core import time
from kinhaven.deadlines.models import Deadline
from kinhaven.intake.enums import Urgency
from kinhaven.intake.models import Report
from kinhaven.intake.urgency import (
    RULES,
    VULNERABILITY_GRADES,
    YOUNG_CHILD_UNDER,
    assess_report,
    lowest_age,
)
from kinhaven.notifications.models import Notification

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[4] / "docs" / "intake.md"
WHAT = {"what_happened": "A child alone at the bus station at night."}


def _submit(api, body: dict[str, Any], user: str = "caseworker") -> dict[str, Any]:
    response = api(user).post("/api/v1/reports", {**WHAT, **body})
    assert response.status_code == 201, response.content
    report: dict[str, Any] = response.json()
    return report


def _fired(report: dict[str, Any]) -> list[str]:
    return [rule["code"] for rule in report["urgency_rules"]]


def test_a_lone_ten_year_old_without_papers_is_at_the_top_grade(world, api) -> None:
    report = _submit(
        api, {"child_age_estimate": 10, "accompanied": "unaccompanied", "child_documents": "none"}
    )
    assert report["urgency"] == report["urgency_by_rules"] == "immediate_danger"
    assert _fired(report) == ["alone", "young", "no_documents"]
    assert all(rule["source"] for rule in report["urgency_rules"])
    stored = Report.objects.get(public_id=report["id"])
    assert stored.urgency_basis == {
        "grade": "immediate_danger",
        "rules": ["alone", "young", "no_documents"],
        "vulnerability": 4,
    }
    # Urgent: the hour's triage clock runs and the triagers are told.
    assert Deadline.objects.filter(report=stored, code="report_triage_urgent").exists()
    assert Notification.objects.filter(path__contains=report["id"]).exists()
    page = web_client(world.caseworker).get(f"/reports/{report['id']}/").content.decode()
    why = page[page.index('id="urgency-why"') :]
    for code in ("alone", "young", "no_documents"):
        assert f'data-rule="{code}"' in why
    assert "The urgency rules give: Immediate danger." in why
    assert "No identity papers" in page


def test_the_same_child_from_the_public_page_is_graded_alike(world, client) -> None:
    response = client.post(
        "/report/",
        {
            **WHAT,
            "child_age_estimate": "10",
            "accompanied": "unaccompanied",
            "child_documents": "none",
        },
    )
    assert response.status_code in (200, 302), response.content
    report = Report.objects.get()
    assert report.urgency == Urgency.IMMEDIATE_DANGER
    assert report.urgency_basis["rules"] == ["alone", "young", "no_documents"]


def test_a_seventeen_year_old_with_a_parent_and_papers_is_a_concern(world, api) -> None:
    report = _submit(
        api, {"child_age_estimate": 17, "accompanied": "accompanied", "child_documents": "some"}
    )
    assert report["urgency"] == report["urgency_by_rules"] == "concern"
    assert report["urgency_rules"] == []
    page = web_client(world.caseworker).get(f"/reports/{report['id']}/").content.decode()
    assert "No urgency rule fires: the report is a concern." in page


# Each rule alone: what fires and the grade it gives (a weight alone stays a concern).
ONE_RULE: dict[str, tuple[dict[str, Any], str]] = {
    "immediate_danger": ({"immediate_danger": True}, "immediate_danger"),
    "missing": ({"child_missing": True}, "missing_child"),
    "exploitation_suspected": ({"exploitation_types": ["ForcedBegging"]}, "suspected_trafficking"),
    "alone": ({"accompanied": "separated", "child_age_estimate": 16}, "concern"),
    "young": ({"child_age_estimate": YOUNG_CHILD_UNDER - 1}, "concern"),
    "no_documents": ({"child_documents": "none"}, "concern"),
}


@pytest.mark.parametrize("rule", list(ONE_RULE))
def test_each_rule_fires_on_its_fact_alone(world, api, rule: str) -> None:
    body, grade = ONE_RULE[rule]
    report = _submit(api, body)
    assert _fired(report) == [rule]
    assert report["urgency"] == grade


def test_trafficking_indicators_found_at_screening_raise_the_grade(world, api) -> None:
    report = _submit(api, {"child_age_estimate": 15})
    assert report["urgency"] == "concern"
    screened = api("caseworker").post(
        f"/api/v1/reports/{report['id']}/screening", {"indicators": ["dr_job"]}
    )
    assert screened.status_code == 200, screened.content
    assert screened.json()["urgency"] == "suspected_trafficking"
    assert _fired(screened.json()) == ["trafficking_indicators"]
    stored = Report.objects.get(public_id=report["id"])
    codes = set(Deadline.objects.filter(report=stored).values_list("code", flat=True))
    assert {"report_triage_urgent", "case_open"} <= codes


def test_weights_add_up(world, api) -> None:
    alone_and_young = _submit(api, {"accompanied": "unaccompanied", "child_age_estimate": 9})
    assert alone_and_young["urgency"] == "suspected_trafficking"
    alone_no_papers = _submit(api, {"accompanied": "separated", "child_documents": "none"})
    assert alone_no_papers["urgency"] == "suspected_trafficking"
    young_no_papers = _submit(api, {"child_age_estimate": 6, "child_documents": "none"})
    assert young_no_papers["urgency"] == "concern"
    assert _fired(young_no_papers) == ["young", "no_documents"]


def test_the_age_counted_is_the_lowest_the_report_allows() -> None:
    on = dt.date(2026, 6, 1)
    # Born in 2013: 13 if the birthday has passed, 12 if not; the benefit of the doubt: 12.
    assert lowest_age(age_estimate=None, date_of_birth="2013", on=on) == 12
    assert lowest_age(age_estimate=None, date_of_birth="2013-05", on=on) == 13
    assert lowest_age(age_estimate=None, date_of_birth="2013-06", on=on) == 12
    assert lowest_age(age_estimate=None, date_of_birth="2013-06-01", on=on) == 13
    assert lowest_age(age_estimate=14, date_of_birth="2013-05-01", on=on) == 13
    assert lowest_age(age_estimate=None, date_of_birth="", on=on) is None


def test_staff_may_grade_higher_never_lower_when_taking_a_report(world, api) -> None:
    lower = _submit(api, {"urgency": "concern", "immediate_danger": True})
    assert lower["urgency"] == "immediate_danger"
    higher = _submit(api, {"urgency": "missing_child"})
    assert higher["urgency"] == "missing_child"
    assert higher["urgency_by_rules"] == "concern"


def test_completing_a_report_raises_its_grade_and_starts_the_urgent_clock(world, api) -> None:
    report = _submit(api, {})
    assert report["urgency"] == "concern"
    stored = Report.objects.get(public_id=report["id"])
    assert not Deadline.objects.filter(report=stored, code="report_triage_urgent").exists()
    patched = api("caseworker").patch(
        f"/api/v1/reports/{report['id']}",
        {"child_age_estimate": 10, "accompanied": "unaccompanied", "child_documents": "none"},
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["urgency"] == "immediate_danger"
    assert Deadline.objects.filter(report=stored, code="report_triage_urgent").exists()
    assert Notification.objects.filter(path__contains=report["id"]).exists()


def test_a_person_triaging_decides_and_the_page_says_so(world, api) -> None:
    report = _submit(api, {"immediate_danger": True})
    triaged = api("caseworker").post(
        f"/api/v1/reports/{report['id']}/triage",
        {"urgency": "concern", "note": "Police took the child to a shelter already."},
    )
    assert triaged.status_code == 200, triaged.content
    assert triaged.json()["urgency"] == "concern"
    assert triaged.json()["urgency_by_rules"] == "immediate_danger"
    page = web_client(world.caseworker).get(f"/reports/{report['id']}/").content.decode()
    assert "grade was set by a person." in page


def test_the_queue_puts_the_rules_grade_first(world, api) -> None:
    concern = _submit(api, {"child_age_estimate": 17})
    lone = _submit(
        api, {"child_age_estimate": 10, "accompanied": "unaccompanied", "child_documents": "none"}
    )
    listed = [r["id"] for r in api("caseworker").get("/api/v1/reports").json()["items"]]
    assert listed.index(lone["id"]) < listed.index(concern["id"])


def _docs_section() -> str:
    text = DOCS.read_text(encoding="utf-8")
    start = text.index("## Urgency rules")
    return text[start : text.index("\n## ", start + 1)]


def test_the_rules_are_those_the_documentation_gives() -> None:
    """docs/intake.md's table and the module say the same: each rule, its effect, its source."""
    section = _docs_section()
    rows = {
        m.group(1): (m.group(2), m.group(3))
        for m in re.finditer(r"^\| `(\w+)` \| [^|]+ \| ([^|]+) \| ([^|]+) \|$", section, re.M)
    }
    assert list(rows) == [rule.code for rule in RULES]
    for rule in RULES:
        effect, source = rows[rule.code]
        if rule.minimum is not None:
            assert effect.strip() == f"at least {rule.minimum.label.lower()}"
        else:
            assert effect.strip() == f"weight {rule.weight}"
        # The module cites the same first source the documentation does.
        assert str(rule.source).split(":")[0].split(" (")[0] in source
    assert f"younger than {YOUNG_CHILD_UNDER}" in section
    assert f"**{YOUNG_CHILD_UNDER}** (`YOUNG_CHILD_UNDER`)" in section
    grades = dict(re.findall(r"^\| (\d+) \| ([a-z ]+) \|$", section, re.M))
    assert {int(k): v for k, v in grades.items()} == {
        threshold: grade.label.lower() for threshold, grade in VULNERABILITY_GRADES
    }


def test_every_rule_has_a_source_and_a_label() -> None:
    for rule in RULES:
        assert str(rule.label)
        assert str(rule.source)
        assert (rule.minimum is None) != (rule.weight == 0)


def test_the_received_day_counts_for_the_age(world, api, time_machine) -> None:
    """A date of birth is read on the day the report came in, not the day it is read."""
    time_machine.move_to(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC), tick=False)
    born = f"{time.today().year - YOUNG_CHILD_UNDER}-02-01"
    report = _submit(api, {"child_date_of_birth": born})
    assert _fired(report) == []
    time_machine.move_to(dt.datetime(2027, 3, 1, 12, tzinfo=dt.UTC), tick=False)
    assert assess_report(Report.objects.get(public_id=report["id"])).fired == ()
