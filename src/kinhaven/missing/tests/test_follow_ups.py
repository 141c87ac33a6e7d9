"""A child found calls for the ILO indicators screened again and the placement reviewed: each
stays due until it is done (a screening of the child's report, a visit in the placement or a
new placement, from the day found), and the episode says when."""

from __future__ import annotations

import datetime as dt

import pytest

from kinhaven.care.schemas import PlacementIn, VisitIn
from kinhaven.care.services import placement_start, placement_visit_record
from kinhaven.conftest import web_client
from kinhaven.core import time
from kinhaven.intake.enums import Channel
from kinhaven.intake.schemas import ReportIn
from kinhaven.intake.services.decisions import (
    report_convert,
    report_decide,
    report_screen,
    report_triage,
)
from kinhaven.intake.services.reports import report_submit

pytestmark = pytest.mark.django_db

INDICATORS = ["dr_job", "dr_wages", "ex_no_pay", "ex_hours"]


def _ago(hours: float) -> str:
    return (time.now() - dt.timedelta(hours=hours)).replace(microsecond=0).isoformat()


@pytest.fixture
def reported(world):
    """A child whose case came from a screened report, living in a placement."""
    report, _new = report_submit(
        channel=Channel.PUBLIC,
        data=ReportIn.model_validate(
            {
                "what_happened": "Seen at the station.",
                "child_given_name": "Selam",
                "child_family_name": "Tesfaye",
                "child_age_estimate": 14,
            }
        ),
    )
    report = report_triage(actor=world.caseworker, report=report, urgency="suspected_trafficking")
    report = report_screen(actor=world.caseworker, report=report, indicators=INDICATORS)
    report = report_decide(
        actor=world.caseworker,
        report=report,
        trafficking_status="PossibleVictimOfTrafficking",
        body_type="NonPoliceGovernmentalOrganization",
        body_name="City child protection",
        reasons="Recruitment and exploitation.",
    )
    case = report_convert(actor=world.caseworker, report=report)
    placement = placement_start(
        actor=world.caseworker,
        child=case.child,
        data=PlacementIn(
            kind="kinship",
            carer_name="Aunt",
            started_on=time.today() - dt.timedelta(days=30),
            start_reason="Family",
        ),
    )
    report.refresh_from_db()
    return case.child, report, placement


def test_follow_ups_stay_due_until_done(world, api, reported) -> None:
    child, report, placement = reported
    client = api("caseworker")
    base = f"/api/v1/children/{child.public_id}/missing"
    report_body = {
        "last_seen_at": _ago(5),
        "last_seen_place": "Reception centre",
        "description": "Red jacket",
        "confirm": True,
    }
    episode = client.post(base, report_body).json()
    one = f"{base}/{episode['id']}"
    found = {"found_at": _ago(1), "found_place": "Park", "found_by": "Police", "state": "well"}
    body = client.post(f"{one}/found", found).json()
    # The screening made before the child went missing does not count.
    assert body["rescreening_due"] is True
    assert body["rescreened_at"] is None
    assert body["placement_review_due"] is True
    page = web_client(world.caseworker).get(f"/children/{child.public_id}/missing/{episode['id']}/")
    assert 'id="rescreening-due"' in page.content.decode()
    assert 'id="placement-review-due"' in page.content.decode()

    report_screen(actor=world.caseworker, report=report, indicators=INDICATORS)
    body = client.get(one).json()
    assert body["rescreening_due"] is False
    assert body["rescreened_at"] is not None
    assert body["placement_review_due"] is True

    placement_visit_record(
        actor=world.caseworker,
        placement=placement,
        data=VisitIn(
            visited_on=time.today(),
            visitor="caseworker",
            visitor_name="Ms B",
            child_views="Wants to stay with the aunt.",
        ),
    )
    body = client.get(one).json()
    assert body["placement_review_due"] is False
    assert body["placement_reviewed_on"] == time.today().isoformat()
    page = web_client(world.caseworker).get(f"/children/{child.public_id}/missing/{episode['id']}/")
    text = page.content.decode()
    assert 'id="rescreening-done"' in text
    assert 'id="placement-review-done"' in text
    assert 'id="placement-review-due"' not in text
