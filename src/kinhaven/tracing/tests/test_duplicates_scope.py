"""Possible duplicates are listed to, and judged by, only those who may read both records."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinhaven.audit.models import AuditEntry
from kinhaven.cases.services import case_open
from kinhaven.children.grants import child_access_grant
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import web_client
from kinhaven.core.errors import NotFound
from kinhaven.tracing.models import DuplicateCandidate
from kinhaven.tracing.services.duplicates import duplicate_reject

pytestmark = pytest.mark.django_db


def _record(actor, given_name: str):
    child = child_register(
        actor=actor,
        data=ChildIn.model_validate({"given_name": given_name, "date_of_birth": "2011"}),
    )
    case_open(actor=actor, child=child)
    return child


def _candidate(first, second) -> DuplicateCandidate:
    low, high = sorted([first.pk, second.pk])
    # The check at registration may have proposed the pair already.
    candidate, _created = DuplicateCandidate.objects.update_or_create(
        child_a_id=low, child_b_id=high, defaults={"score": 0.9, "source": "batch"}
    )
    return candidate


@pytest.fixture
def pair(world):
    """Two of agency A's records that may be one child."""
    first = _record(world.caseworker, "Ngozi")
    second = _record(world.caseworker, "Ngozie")
    return first, second, _candidate(first, second)


def _share(world, children, sections) -> None:
    for child in children:
        child_access_grant(
            actor=world.caseworker, child=child, agency=world.other_agency, sections=sections
        )


# Who looks, which of A's two records agency B was shown (by referral) and how, whether the
# pair is seen, and whether it is judged: a referral reads both records, never judges them.
CASES = {
    "holder": ("caseworker", None, True, True),
    "one_record_shared": ("caseworker2", ("first", ["identity", "health"]), False, False),
    "both_shared_without_identity": ("caseworker2", ("both", ["health"]), False, False),
    "both_shared_with_identity": ("caseworker2", ("both", ["identity"]), True, False),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_pair_is_for_those_who_read_both_records(world, api, pair, case) -> None:
    first, second, candidate = pair
    username, shared, sees, judges = CASES[case]
    if shared is not None:
        which, sections = shared
        _share(world, [first] if which == "first" else [first, second], sections)
    user = getattr(world, username)
    client, web = api(username), web_client(user)
    dup = str(candidate.public_id)

    listed = client.get("/api/v1/duplicates").json()
    of_first = client.get("/api/v1/duplicates", child_id=str(first.public_id)).json()
    page = web.get("/duplicates/").content.decode()
    record = web.get(f"/children/{first.public_id}/")
    assert record.status_code == 200  # the first record is seen in every case
    detail = web.get(f"/duplicates/{dup}/")
    if sees:
        assert [d["id"] for d in listed] == [dup]
        assert {listed[0]["child_a"], listed[0]["child_b"]} == {
            str(first.public_id),
            str(second.public_id),
        }
        assert [d["id"] for d in of_first] == [dup]
        assert dup in page
        assert "possible-duplicates" in record.content.decode()
        assert detail.status_code == 200
        rejected = client.post(f"/api/v1/duplicates/{dup}/rejection", {"reason": "Two girls"})
        assert rejected.status_code == (200 if judges else 403), rejected.content
        candidate.refresh_from_db()
        assert candidate.status == ("rejected" if judges else "open")
        return
    # Nothing of the pair: not its id, the other record's id or its agency.
    assert listed == of_first == []
    assert dup not in page
    assert str(second.public_id) not in page
    assert "possible-duplicates" not in record.content.decode()
    assert detail.status_code == 404
    # Judging it answers like a missing pair, on the web and through the API.
    assert web.post(f"/duplicates/{dup}/reject/", {"reason": "Two girls"}).status_code == 404
    assert client.post(f"/api/v1/duplicates/{dup}/rejection", {"reason": "x"}).status_code == 404
    merge = {"keep": str(first.public_id), "reason": "Same girl"}
    assert client.post(f"/api/v1/duplicates/{dup}/merge", merge).status_code == 404
    with pytest.raises(NotFound):
        duplicate_reject(actor=user, candidate=candidate, reason="Two girls")
    candidate.refresh_from_db()
    assert candidate.status == "open"
    denied = AuditEntry.objects.filter(
        action="duplicate.read_for_update", object_id=candidate.public_id, outcome="denied"
    )
    assert denied.count() == 3


def test_a_pair_across_agencies_is_judged_by_neither_alone(world, api) -> None:
    ours = _record(world.caseworker, "Ngozi")
    theirs = _record(world.caseworker2, "Ngozie")
    candidate = _candidate(ours, theirs)
    url = f"/api/v1/duplicates/{candidate.public_id}/rejection"
    for username in ("supervisor", "caseworker2"):
        assert api(username).get("/api/v1/duplicates").json() == []
        assert api(username).post(url, {"reason": "Two girls"}).status_code == 404
    # Once agency B shares its record's identity, A's staff read both records, and still may
    # not settle the pair: a referral reads, never judges.
    child_access_grant(
        actor=world.caseworker2, child=theirs, agency=world.agency, sections=["identity"]
    )
    listed = api("supervisor").get("/api/v1/duplicates").json()
    assert [d["id"] for d in listed] == [str(candidate.public_id)]
    assert api("supervisor").post(url, {"reason": "Two girls"}).status_code == 403
    candidate.refresh_from_db()
    assert candidate.status == "open"


def test_the_list_costs_the_same_for_more_pairs(world, api, pair) -> None:
    client = api("caseworker")
    client.get("/api/v1/duplicates")  # sign-in and first-use costs out of the count

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/duplicates").status_code == 200
        return len(queries)

    one = count()
    for name in ("Chidi", "Emeka"):
        _candidate(_record(world.caseworker, name), _record(world.teammate, name + "h"))
    assert len(client.get("/api/v1/duplicates").json()) == 3
    assert count() == one
