"""A name search runs only over children whose identity the searcher may read."""

import pytest

from kinhaven.cases.services import case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import web_client
from kinhaven.referrals.services import referral_create, referral_transition

pytestmark = pytest.mark.django_db


def _referred(world, sections):
    child = child_register(
        actor=world.caseworker, data=ChildIn(given_name="Samira", family_name="Haddad")
    )
    case = case_open(actor=world.caseworker, child=child)
    referral = referral_create(
        actor=world.caseworker,
        case=case,
        to_agency=world.other_agency,
        service_kind="health",
        reason="Medical check",
        urgency="normal",
        sections=sections,
        consent="child_consent",
    )
    referral_transition(actor=world.caseworker2, referral=referral, to="accepted")
    return str(child.public_id)


def _found(client, query: str) -> list[str]:
    return [c["id"] for c in client.get("/api/v1/children", q=query).json()["items"]]


@pytest.mark.parametrize(
    ("sections", "by_name"), [(["health"], False), (["identity", "health"], True)]
)
def test_name_search_only_over_readable_identity(world, api, sections, by_name) -> None:
    child_id = _referred(world, sections)
    receiver = api("caseworker2")
    # The shared record is listed either way; a name finds it only where the name is shared.
    assert child_id in _found(receiver, "")
    assert (child_id in _found(receiver, "Samira Haddad")) is by_name
    assert child_id not in _found(receiver, "Someone Else")
    page = web_client(world.caseworker2).post("/children/", {"q": "Samira"})
    assert (child_id in page.content.decode()) is by_name
    # The holding agency finds the child by name as always.
    assert child_id in _found(api("caseworker"), "Samira")
