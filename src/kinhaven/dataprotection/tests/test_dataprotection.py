"""Consent to data processing by HTCDS's seven points, withdrawn without erasing it; and the
export of everything held about one child for a subject access request."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from kinhaven.audit.models import AuditEntry
from kinhaven.cases.services import case_open
from kinhaven.children.models import Child
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import web_client
from kinhaven.core import time
from kinhaven.core.htcds import htcds_consent_points
from kinhaven.dataprotection.enums import ConsentPoint

pytestmark = pytest.mark.django_db

ALL_YES = dict.fromkeys(ConsentPoint.values, True)
CONSENT: dict[str, Any] = {
    "points": ALL_YES,
    "given_by": "child_and_guardian",
    "purpose": "Protection, care and family tracing of the child.",
    "retention": "Five years after the case closes, longer only under a legal hold.",
    "language": "prs",
    "recorded_on": "2026-11-02",
}


def test_the_consent_points_are_htcds_guidance_in_its_order() -> None:
    points = htcds_consent_points()
    assert list(points) == ConsentPoint.values
    assert points["informed_of_withdrawal"] == (
        "Has the individual been informed of the process of withdrawing consent?"
    )


@pytest.fixture
def child(world) -> Child:
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Zahra"))
    case_open(actor=world.caseworker, child=child)
    return child


def _base(child: Child) -> str:
    return f"/api/v1/children/{child.public_id}"


def test_consent_is_informed_only_with_all_seven_points(world, api, child) -> None:
    worker = api("caseworker")
    url = f"{_base(child)}/consents"
    informed = worker.post(url, CONSENT)
    assert informed.status_code == 201, informed.content
    assert informed.json()["state"] == "informed"
    assert informed.json()["htcds_consent"] is True
    untold = worker.post(
        url, {**CONSENT, "points": {**ALL_YES, "informed_of_storage_period": False}}
    )
    assert untold.json()["state"] == "incomplete"
    assert untold.json()["htcds_consent"] is False
    refused = worker.post(url, {**CONSENT, "points": {**ALL_YES, "consents_to_interview": False}})
    assert refused.json()["state"] == "refused"
    short = dict.fromkeys(ConsentPoint.values[:-1], True)
    missing = worker.post(url, {**CONSENT, "points": short})
    assert missing.status_code == 422
    assert [e["field"] for e in missing.json()["errors"]] == ["points.informed_of_withdrawal"]
    bad_language = worker.post(url, {**CONSENT, "language": "zz"})
    assert [e["field"] for e in bad_language.json()["errors"]] == ["language"]
    # Newest first; every record stays.
    assert [c["state"] for c in worker.get(url).json()] == ["refused", "incomplete", "informed"]


def test_a_withdrawal_keeps_the_record(world, api, child) -> None:
    worker = api("caseworker")
    made = worker.post(f"{_base(child)}/consents", CONSENT).json()
    url = f"{_base(child)}/consents/{made['id']}/withdrawal"
    early = worker.post(url, {"withdrawn_on": "2026-10-01"})
    assert early.status_code == 422
    assert [e["field"] for e in early.json()["errors"]] == ["withdrawn_on"]
    done = worker.post(url, {"withdrawn_on": time.today().isoformat(), "reason": ""})
    assert done.status_code == 200, done.content
    assert done.json()["state"] == "withdrawn"
    assert worker.post(url, {"withdrawn_on": time.today().isoformat()}).status_code == 409
    listed = worker.get(f"{_base(child)}/consents").json()
    assert [c["state"] for c in listed] == ["withdrawn"]


def test_who_records_and_who_reads_consent(world, api, child) -> None:
    # The frontline responder reads the identity section but does not edit records.
    assert api("frontline").get(f"{_base(child)}/consents").status_code == 200
    assert api("frontline").post(f"{_base(child)}/consents", CONSENT).status_code == 403
    # Another agency does not see the child.
    assert api("caseworker2").post(f"{_base(child)}/consents", CONSENT).status_code == 404


def test_the_export_holds_every_record_about_the_child(world, api, child) -> None:
    worker, boss = api("caseworker"), api("supervisor")
    assert worker.post(f"{_base(child)}/consents", CONSENT).status_code == 201
    seen = (time.now() - dt.timedelta(hours=3)).replace(microsecond=0).isoformat()
    episode = worker.post(
        f"{_base(child)}/missing",
        {
            "last_seen_at": seen,
            "last_seen_place": "Reception centre",
            "description": "Red jacket",
            "confirm": True,
        },
    )
    assert episode.status_code == 201, episode.content
    interview = worker.post(
        f"{_base(child)}/interviews",
        {
            "matter": "Car wash",
            "purpose": "Account",
            "planned_at": (time.now() + dt.timedelta(days=1)).isoformat(),
            "room": "Room 1",
            "interviewer_name": "Inspector Weber",
            "interviewer_role": "police",
            "interviewer_training": "NICHD",
            "interviewer_trained_on": "2025-01-01",
        },
    )
    assert interview.status_code == 201, interview.content
    url = f"{_base(child)}/data-export"
    assert worker.post(url, {"reason": "Request of the guardian"}).status_code == 403
    assert api("caseworker2").post(url, {"reason": "x"}).status_code == 404
    assert boss.post(url, {"reason": " "}).status_code == 422
    answer = boss.post(url, {"reason": "Request of the guardian, 2026-12-01"})
    assert answer.status_code == 200, answer.content
    assert answer["Content-Type"] == "application/json"
    document = json.loads(answer.content)
    assert document["child"]["given_name"] == "Zahra"
    assert len(document["cases"]) == 1
    records = document["records"]
    for table in (
        "dataprotection.dataconsent",
        "missing.episode",
        "interviews.interview",
        "timeline.caseevent",
        "deadlines.deadline",
    ):
        assert records.get(table), table
    assert records["missing.episode"][0]["public_id"] == episode.json()["id"]
    # Staff are named by role and agency, never by person.
    assert records["dataprotection.dataconsent"][0]["recorded_by"] == "caseworker · Agency One"
    assert all(
        set(e) == {"at", "action", "object_type", "by_role", "purpose", "outcome"}
        for e in document["audit"]
    )
    assert world.caseworker.username not in json.dumps(document["audit"]).replace(
        '"by_role": "caseworker"', ""
    )
    assert {"child.create", "case.open"} & {e["action"] for e in document["audit"]}
    assert AuditEntry.objects.filter(
        action="child.data_export", object_id=child.public_id, purpose="subject_access"
    ).exists()


def test_the_page_records_consent_and_downloads_the_export(world, child) -> None:
    client = web_client(world.supervisor)
    page = client.get(f"/children/{child.public_id}/data-protection/")
    assert page.status_code == 200
    assert 'id="export-form"' in page.content.decode()
    form = {
        **dict.fromkeys(ConsentPoint.values, "on"),
        "given_by": "child",
        "purpose": "Protection",
        "retention": "Five years",
        "language": "prs",
        "recorded_on": "2026-11-02",
    }
    assert (
        client.post(f"/children/{child.public_id}/data-protection/consents/", form).status_code
        == 302
    )
    download = client.post(
        f"/children/{child.public_id}/data-protection/export/", {"reason": "Guardian's request"}
    )
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    assert json.loads(download.content)["records"]["dataprotection.dataconsent"][0]["given_by"] == (
        "child"
    )
    # A caseworker records consent but is offered no export.
    mine = web_client(world.caseworker).get(f"/children/{child.public_id}/data-protection/")
    assert 'id="consent-form"' in mine.content.decode()
    assert 'id="export-form"' not in mine.content.decode()
