"""The identification through the API: the child's record shows the status and how it was
reached; decisions are added, never changed; bad input names its field."""

from __future__ import annotations

import datetime as dt

import pytest

from kinhaven.audit.models import AuditEntry
from kinhaven.core import time
from kinhaven.identification.models import IdentificationDecision
from kinhaven.identification.tests.conftest import decision_data

pytestmark = pytest.mark.django_db


def _fields(response) -> set[str]:
    return {e["field"] for e in response.json()["errors"]}


def _path(case) -> str:
    return f"/api/v1/children/{case.child.public_id}/identification"


def test_the_child_shows_the_status_and_how_it_was_reached(world, api, case) -> None:
    caseworker, supervisor = api("caseworker"), api("supervisor")
    first = caseworker.post(_path(case), decision_data())
    assert first.status_code == 201, first.content
    assert first.json()["status"] == "PossibleVictimOfTrafficking"
    assert first.json()["conclusive_pending"] is True
    assert first.json()["reflection_period"]["held"] is True
    conclusive = supervisor.post(
        _path(case),
        decision_data(stage="conclusive", outcome="NotAVictimOfTrafficking"),
    )
    assert conclusive.status_code == 201, conclusive.content
    conclusive_id = conclusive.json()["decision_id"]
    appeal = supervisor.post(
        _path(case),
        decision_data(
            stage="review",
            outcome="ActualVictimOfTrafficking",
            organisation="CourtOrProsecution",
            authority="Administrative court",
            reviews_id=conclusive_id,
            appealed_by="The child's guardian",
            decided_on=time.today().isoformat(),
        ),
    )
    assert appeal.status_code == 201, appeal.content
    child = caseworker.get(f"/api/v1/children/{case.child.public_id}")
    assert child.status_code == 200
    identification = child.json()["identification"]
    assert identification["status"] == "ActualVictimOfTrafficking"
    assert identification["stage"] == "conclusive"
    steps = [(d["stage"], d["outcome"]) for d in identification["how_reached"]]
    assert steps == [
        ("preliminary", "PossibleVictimOfTrafficking"),
        ("conclusive", "NotAVictimOfTrafficking"),
        ("review", "ActualVictimOfTrafficking"),
    ]
    conclusive_step = identification["how_reached"][1]
    assert conclusive_step["replaced_by_id"] == identification["decision_id"]
    assert conclusive_step["in_force"] is False
    assert identification["how_reached"][2]["reviews_id"] == conclusive_id
    assert identification["how_reached"][2]["appealed_by"] == "The child's guardian"
    full = caseworker.get(_path(case)).json()
    assert len(full["history"]) == 3
    assert full["rule"]["conclusive_roles"] == ["supervisor", "police_investigator"]
    shown = AuditEntry.objects.filter(action="identification_decision.list").last()
    assert shown is not None
    assert len(shown.object_ids) == 3


def test_a_role_the_country_rule_leaves_out_gets_403(world, api, case) -> None:
    caseworker = api("caseworker")
    caseworker.post(_path(case), decision_data())
    refused = caseworker.post(
        _path(case), decision_data(stage="conclusive", outcome="ActualVictimOfTrafficking")
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"
    assert "identification rule" in refused.json()["message"]
    assert IdentificationDecision.objects.count() == 1


def test_a_role_without_the_capability_gets_403_naming_it(world, api, case) -> None:
    # A frontline responder of the team sees the child, and records no decision.
    refused = api("frontline").post(_path(case), decision_data())
    assert refused.status_code == 403
    assert "identification.decide" in refused.json()["message"]
    assert not IdentificationDecision.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"reasons": "   "}, "reasons"),
        ({"evidence": ""}, "evidence"),
        ({"stage": "final"}, "stage"),
        ({"outcome": "ActualVictimOfTrafficking"}, "outcome"),
        ({"organisation": "Judiciary"}, "organisation"),
        ({"decided_on": (time.today() + dt.timedelta(days=1)).isoformat()}, "decided_on"),
        ({"evidence_kinds": ["rumour"]}, "evidence_kinds"),
        ({"stage": "review", "appealed_by": "Guardian"}, "reviews_id"),
        ({"authority": "x" * 201}, "authority"),
        ({"person_role": "a\x00b"}, "person_role"),
        ({"changed": "yes"}, "changed"),
    ],
)
def test_bad_input_is_422_naming_the_field(world, api, case, changes, field) -> None:
    response = api("caseworker").post(_path(case), decision_data(**changes))
    assert response.status_code == 422, response.content
    assert field in _fields(response)
    assert not IdentificationDecision.objects.exists()


def test_a_missing_person_is_named(world, api, case) -> None:
    data = decision_data()
    del data["person_name"]
    response = api("caseworker").post(_path(case), data)
    assert response.status_code == 422
    assert _fields(response) == {"person_name"}


def test_who_does_not_read_the_legal_section_does_not_see_the_identification(
    world, api, case
) -> None:
    api("caseworker").post(_path(case), decision_data())
    # A frontline responder of the team sees the child (identity, location), not the decisions.
    frontline = api("frontline")
    child = frontline.get(f"/api/v1/children/{case.child.public_id}")
    assert child.status_code == 200
    assert "identification" not in child.json()
    refused = frontline.get(_path(case))
    assert refused.status_code == 403
    # Another agency does not see the child at all.
    assert api("caseworker2").get(_path(case)).status_code == 404
