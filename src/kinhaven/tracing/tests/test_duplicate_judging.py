"""Judging a possible duplicate (not the same child, or merge) across agencies, and what tells
the two records of a pair apart.

Written out as data, like the authorization matrix: agency B's user, a pair of records each of
which is agency B's own or agency A's seen through some relationship, and the status each route
must answer. A pair with a record B has no relationship to does not exist for B; a record B only
reads (break-glass, a referral) is never judged by B; merging needs child.merge and both records
held.
"""

from __future__ import annotations

import pytest

from kinhaven.accounts.enums import RoleCode
from kinhaven.accounts.models import User
from kinhaven.cases.models import Case
from kinhaven.cases.services import case_open
from kinhaven.children.grants import (
    break_glass_agreement_allow,
    child_access_grant,
    child_break_glass,
)
from kinhaven.children.models import Child
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import ApiClient, World, web_client
from kinhaven.tracing.models import DuplicateCandidate

pytestmark = pytest.mark.django_db

ROUTES = ("api list", "web list", "web page", "api merge", "api reject", "web reject")
HIDDEN = {"api list": 0, "web list": 0, **dict.fromkeys(ROUTES[2:], 404)}

# (B's user, the two records, what each route answers; for the lists, whether the pair shows.)
# fmt: off
CASES: dict[str, tuple[str, tuple[str, str], dict[str, int]]] = {
    "both of A's, no relationship": ("supervisor", ("a_hidden", "a_hidden"), HIDDEN),
    "B's and A's, no relationship": ("supervisor", ("b_own", "a_hidden"), HIDDEN),
    "B's and A's, no relationship, caseworker": ("caseworker", ("b_own", "a_hidden"), HIDDEN),
    "B's and A's by break-glass": (
        "supervisor",
        ("b_own", "a_break_glass"),
        {"api list": 1, "web list": 1, "web page": 200, "api merge": 403, "api reject": 403,
         "web reject": 302},
    ),
    # A referral reads what it shares and never judges: B may not settle a pair with a record
    # it reads only through a referral, let alone a pair of A's own records.
    "B's and A's by referral of the identity": (
        "caseworker",
        ("b_own", "a_referral"),
        {"api list": 1, "web list": 1, "web page": 200, "api merge": 403, "api reject": 403,
         "web reject": 302},
    ),
    "both of A's, shared with B by referral": (
        "caseworker",
        ("a_referral", "a_referral"),
        {"api list": 1, "web list": 1, "web page": 200, "api merge": 403, "api reject": 403,
         "web reject": 302},
    ),
    "both of A's, shared with B by referral, supervisor": (
        "supervisor",
        ("a_referral", "a_referral"),
        {"api list": 1, "web list": 1, "web page": 200, "api merge": 403, "api reject": 403,
         "web reject": 302},
    ),
    "both of B's, supervisor": (
        "supervisor",
        ("b_own", "b_own"),
        {"api list": 1, "web list": 1, "web page": 200, "api merge": 201, "api reject": 409,
         "web reject": 302},
    ),
    "both of B's, caseworker without child.merge": (
        "caseworker",
        ("b_own", "b_own"),
        {"api list": 1, "web list": 1, "web page": 200, "api merge": 403, "api reject": 200,
         "web reject": 302},
    ),
}
# fmt: on


def _actor(world: World, who: str) -> User:
    role = RoleCode.SUPERVISOR if who == "supervisor" else RoleCode.CASEWORKER
    return world.user(f"b-{who}", role, world.other_agency, world.team_two)


def _record(world: World, kind: str, actor: User, name: str) -> Child:
    """A record of the given kind, as agency B's `actor` relates to it."""
    owner = world.caseworker2 if kind == "b_own" else world.caseworker
    child = child_register(
        actor=owner,
        data=ChildIn.model_validate({"given_name": name, "date_of_birth": "2014"}),
    )
    case_open(actor=owner, child=child)
    if kind == "a_break_glass":
        break_glass_agreement_allow(
            actor=world.admin, holder=world.agency, requester=world.other_agency
        )
        child_break_glass(actor=actor, child=child, reason="Child reported in danger tonight")
    if kind == "a_referral":
        child_access_grant(
            actor=world.caseworker, child=child, agency=world.other_agency, sections=["identity"]
        )
    return child


def _pair(first: Child, second: Child) -> DuplicateCandidate:
    low, high = sorted([first.pk, second.pk])
    candidate, _created = DuplicateCandidate.objects.update_or_create(
        child_a_id=low, child_b_id=high, defaults={"score": 0.9, "source": "batch"}
    )
    return candidate


@pytest.mark.parametrize("case", list(CASES))
def test_agency_b_judges_a_pair_only_as_its_relationships_allow(world, case: str) -> None:
    who, kinds, expected = CASES[case]
    actor = _actor(world, who)
    first = _record(world, kinds[0], actor, "Ngozi")
    second = _record(world, kinds[1], actor, "Ngozie")
    candidate = _pair(first, second)
    dup = str(candidate.public_id)
    web, api = web_client(actor), ApiClient(actor.username)
    reason = {"reason": "Different mothers"}
    got = {
        "api list": sum(d["id"] == dup for d in api.get("/api/v1/duplicates").json()),
        "web list": int(dup in web.get("/duplicates/").content.decode()),
        "web page": web.get(f"/duplicates/{dup}/").status_code,
        "api merge": api.post(
            f"/api/v1/duplicates/{dup}/merge",
            {"keep": str(first.public_id), "reason": "Same girl"},
        ).status_code,
        "api reject": api.post(f"/api/v1/duplicates/{dup}/rejection", reason).status_code,
        "web reject": web.post(f"/duplicates/{dup}/reject/", reason).status_code,
    }
    assert got == expected
    candidate.refresh_from_db()
    if expected["api merge"] == 201:
        assert candidate.status == "merged"
    elif expected["api reject"] == 200:
        assert candidate.status == "rejected"
    else:
        assert candidate.status == "open"
        assert Child.objects.filter(merged_into__isnull=False).count() == 0


def test_the_two_records_are_told_apart_on_the_page_and_in_the_api(world) -> None:
    """For each record: where and when registered, and its cases, by reference where the
    reader may see them, otherwise only as a case in the agency that holds it."""
    actor = _actor(world, "caseworker")
    ours = _record(world, "b_own", actor, "Ngozi")
    theirs = _record(world, "a_referral", actor, "Ngozie")
    candidate = _pair(ours, theirs)
    our_case = Case.objects.get(child=ours)
    their_case = Case.objects.get(child=theirs)
    assert our_case.reference
    assert their_case.reference

    page = web_client(actor).get(f"/duplicates/{candidate.public_id}/").content.decode()
    assert our_case.reference in page
    assert their_case.reference not in page
    assert "A case in Agency One" in page
    assert page.count("Registered by Agency Two on ") == 1
    assert page.count("Registered by Agency One on ") == 1

    listed = ApiClient(actor.username).get("/api/v1/duplicates").json()
    (pair,) = [d for d in listed if d["id"] == str(candidate.public_id)]
    records = {r["id"]: r for r in pair["records"]}
    assert set(records) == {str(ours.public_id), str(theirs.public_id)}
    mine, other = records[str(ours.public_id)], records[str(theirs.public_id)]
    assert mine["agency"] == "Agency Two"
    assert other["agency"] == "Agency One"
    assert mine["registered_on"] == ours.created_at.date().isoformat()
    assert mine["cases"] == [
        {"agency": "Agency Two", "reference": our_case.reference, "status": our_case.status}
    ]
    assert other["cases"] == [{"agency": "Agency One", "reference": None, "status": None}]

    # A's own staff see A's case by its reference, and B's only as a case of agency B.
    child_access_grant(
        actor=world.caseworker2, child=ours, agency=world.agency, sections=["identity"]
    )
    body = web_client(world.caseworker).get(f"/duplicates/{candidate.public_id}/").content.decode()
    assert their_case.reference in body
    assert our_case.reference not in body
    assert "A case in Agency Two" in body
