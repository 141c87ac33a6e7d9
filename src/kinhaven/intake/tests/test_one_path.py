"""Triage, the decision and closing take one input model each, for the API and for the report's
page alike: the same bad input is refused on the same field with the same message, and nothing
changes."""

import pytest

from kinhaven.conftest import web_client
from kinhaven.intake.enums import Channel, ReportStatus
from kinhaven.intake.models import Report
from kinhaven.intake.schemas import MAX_LONG, MAX_SHORT, ReportIn
from kinhaven.intake.services import report_submit, report_triage

pytestmark = pytest.mark.django_db

TRIAGE = {"urgency": "concern", "age_status": "presumed_child"}
DECISION = {
    "trafficking_status": "PossibleVictimOfTrafficking",
    "decision_body_type": "NonPoliceGovernmentalOrganization",
    "decision_body_name": "City child protection",
    "decision_reasons": "Deceived about the job; unpaid work.",
}
# A valid body of each write, by the page's action.
BODIES = {"triage": TRIAGE, "decision": DECISION, "close": {"reason": "A duplicate call."}}


def _report(world, *, triaged: bool = False) -> Report:
    report, _created = report_submit(
        channel=Channel.PUBLIC, data=ReportIn(what_happened="Seen at the station.")
    )
    if triaged:
        report = report_triage(actor=world.caseworker, report=report, urgency="concern")
    return report


def _api_errors(response, status: int = 422) -> dict[str, str]:
    assert response.status_code == status, response.content
    return {e["field"]: e["message"] for e in response.json()["errors"]}


def _form_errors(response, form: str, status: int = 422) -> dict[str, str]:
    assert response.status_code == status, response.content
    return {name: str(errors[0]) for name, errors in response.context[form].errors.items()}


def _refused_alike(world, api, action: str, form: str, body: dict[str, str]):
    """Send the same body to the API and to the page; answer each side's errors."""
    report = _report(world, triaged=action == "decision")
    api_path = {"triage": "triage", "decision": "decision", "close": "closure"}[action]
    by_api = api("caseworker").post(f"/api/v1/reports/{report.public_id}/{api_path}", body)
    by_page = web_client(world.caseworker).post(f"/reports/{report.public_id}/{action}/", body)
    after = Report.objects.get(pk=report.pk)
    assert (after.status, after.updated_at) == (report.status, report.updated_at)
    return _api_errors(by_api), _form_errors(by_page, form)


def test_an_urgency_left_out_is_refused_alike(world, api) -> None:
    body = {"age_status": "presumed_child", "note": "Seen"}
    by_api, by_page = _refused_alike(world, api, "triage", "triage_form", body)
    assert by_api == by_page == {"urgency": "This field is required."}


@pytest.mark.parametrize("field", ["decision_reasons", "decision_body_type"])
def test_a_decision_without_its_reasons_or_body_is_refused_alike(world, api, field) -> None:
    body = {name: value for name, value in DECISION.items() if name != field}
    by_api, by_page = _refused_alike(world, api, "decision", "decision_form", body)
    assert by_api == by_page == {field: "This field is required."}


@pytest.mark.parametrize(
    ("action", "form", "field", "limit"),
    [
        ("close", "close_form", "reason", MAX_LONG),
        ("triage", "triage_form", "note", MAX_LONG),
        ("decision", "decision_form", "decision_body_name", MAX_SHORT),
        ("decision", "decision_form", "decision_reasons", MAX_LONG),
    ],
)
@pytest.mark.parametrize("bad", ["too long", "nul"])
def test_text_over_its_limit_or_with_nul_is_refused_on_the_same_field(
    world, api, action, form, field, limit, bad
) -> None:
    if bad == "too long":
        text = "x" * (limit + 1)
        message = f"Ensure this value has at most {limit} characters (it has {limit + 1})."
    else:
        text, message = "Seen at\x00the station", "Null characters are not allowed."
    by_api, by_page = _refused_alike(world, api, action, form, {**BODIES[action], field: text})
    assert by_api == by_page == {field: message}


@pytest.mark.parametrize(
    ("action", "form", "field", "limit"),
    [("close", "close_form", "reason", MAX_LONG), ("triage", "triage_form", "note", MAX_LONG)],
)
def test_text_at_its_limit_is_taken_by_both(world, api, action, form, field, limit) -> None:
    body = {**BODIES[action], field: "x" * limit}
    api_path = {"triage": "triage", "close": "closure"}[action]
    first, second = _report(world), _report(world)
    by_api = api("caseworker").post(f"/api/v1/reports/{first.public_id}/{api_path}", body)
    assert by_api.status_code == 200, by_api.content
    by_page = web_client(world.caseworker).post(f"/reports/{second.public_id}/{action}/", body)
    assert by_page.status_code == 302
    stored = {"close": "closed_reason", "triage": "triage_note"}[action]
    for report in (first, second):
        report.refresh_from_db()
        assert getattr(report, stored) == "x" * limit
        assert report.status != ReportStatus.RECEIVED


def test_a_rule_of_the_report_says_the_same_on_both(world, api) -> None:
    report = _report(world)
    path = f"/reports/{report.public_id}/decision"
    by_api = _api_errors(api("caseworker").post(f"/api/v1{path}", DECISION), 409)
    by_page = web_client(world.caseworker).post(f"{path}/", DECISION)
    expected = {"trafficking_status": "Triage the report before deciding."}
    assert by_api == _form_errors(by_page, "decision_form", 409) == expected
