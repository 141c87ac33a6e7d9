"""A report's "adult, by age assessment" is an age decision: only a role that decides on age sets
it (docs/age-assessment.md); the other age statuses stay any triager's."""

import pytest

from kinhaven.conftest import web_client
from kinhaven.intake.enums import Channel
from kinhaven.intake.models import Report
from kinhaven.intake.schemas import ReportIn
from kinhaven.intake.services import report_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(world):
    report, _new = report_submit(
        channel=Channel.HOTLINE, actor=world.hotline, data=ReportIn(what_happened="A call.")
    )
    return report


def test_a_hotline_operator_may_not_set_adult_by_age_assessment(world, api, report) -> None:
    url = f"/api/v1/reports/{report.public_id}/triage"
    response = api("hotline").post(url, {"urgency": "concern", "age_status": "assessed_adult"})
    assert response.status_code == 403
    body = response.json()
    assert "age.decide" in body["message"]
    assert body["errors"] == [{"field": "age_status", "message": body["message"]}]
    report.refresh_from_db()
    assert (report.age_status, report.status) == ("presumed_child", "received")
    for status in ("presumed_child", "child"):
        response = api("hotline").post(url, {"urgency": "concern", "age_status": status})
        assert response.status_code == 200, response.content


def test_a_caseworker_who_decides_on_age_may(world, api, report) -> None:
    url = f"/api/v1/reports/{report.public_id}/triage"
    response = api("caseworker").post(url, {"urgency": "concern", "age_status": "assessed_adult"})
    assert response.status_code == 200
    assert response.json()["age_status"] == "assessed_adult"


def test_nor_when_taking_or_completing_a_report(world, api, report) -> None:
    client = api("hotline")
    taken = client.post(
        "/api/v1/reports", {"what_happened": "A call.", "age_status": "assessed_adult"}
    )
    assert taken.status_code == 403
    assert "age.decide" in taken.json()["message"]
    assert Report.objects.count() == 1
    patched = client.patch(f"/api/v1/reports/{report.public_id}", {"age_status": "assessed_adult"})
    assert patched.status_code == 403
    report.refresh_from_db()
    assert report.age_status == "presumed_child"


def test_the_triage_form_answers_403_under_the_age_field(world, report) -> None:
    response = web_client(world.hotline).post(
        f"/reports/{report.public_id}/triage/",
        {"urgency": "concern", "age_status": "assessed_adult"},
    )
    assert response.status_code == 403
    assert "age.decide" in response.content.decode()
