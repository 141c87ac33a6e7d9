from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kinhaven.accounts.enums import RoleCode
from kinhaven.accounts.models import User
from kinhaven.cases.models import Case
from kinhaven.cases.services import case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import World
from kinhaven.core import time
from kinhaven.core.validation import input_validate
from kinhaven.identification.schemas import IdentificationDecisionIn


def decision_data(**changes: Any) -> dict[str, Any]:
    """A preliminary decision on reasonable grounds, as an authority would give it."""
    return {
        "stage": "preliminary",
        "outcome": "PossibleVictimOfTrafficking",
        "organisation": "NonPoliceGovernmentalOrganization",
        "authority": "City child protection",
        "person_name": "Dana Example",
        "person_role": "Social worker",
        "decided_on": (time.today() - dt.timedelta(days=2)).isoformat(),
        "reasons": "Recruited with a false job offer; unpaid work.",
        "evidence": "Interview of the child; the report.",
        "evidence_kinds": ["interview", "report"],
        **changes,
    }


def decision_in(**changes: Any) -> IdentificationDecisionIn:
    return input_validate(IdentificationDecisionIn, decision_data(**changes))


@pytest.fixture
def case(world: World) -> Case:
    """A child of the first agency with a case the caseworker (and the team) holds."""
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Amina"))
    return case_open(actor=world.caseworker, child=child)


@pytest.fixture
def police(world: World) -> User:
    return world.user("police", RoleCode.POLICE_INVESTIGATOR, world.agency, world.team)
