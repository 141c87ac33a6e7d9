"""Duplicate records: found as they are saved and by the batch check; merged by a person,
keeping every case, history and audit entry; undone."""

import uuid

import pytest
from django.core.management import call_command
from django.db import connection
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from kinhaven.accounts.enums import RoleCode
from kinhaven.audit.models import AuditEntry
from kinhaven.audit.verification import log_verify
from kinhaven.cases.models import Case
from kinhaven.cases.services import case_open
from kinhaven.children import hooks
from kinhaven.children.models import Child
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register, child_update
from kinhaven.conftest import web_client
from kinhaven.core.errors import ApplicationError
from kinhaven.guardianship.services import guardian_appoint
from kinhaven.legal.schemas import ProceedingFieldsIn
from kinhaven.legal.services import proceeding_add
from kinhaven.timeline.models import CaseEvent
from kinhaven.tracing import index
from kinhaven.tracing.index import child_records
from kinhaven.tracing.models import ChildMerge, DuplicateCandidate
from kinhaven.tracing.schemas import MAX_REASON
from kinhaven.tracing.services.duplicates import duplicate_reject
from kinhaven.tracing.services.merges import child_merge, child_merge_undo
from kinhaven.tracing.tasks import tracing_duplicates_plan

pytestmark = pytest.mark.django_db

FIRST = {
    "given_name": "Юлия",
    "family_name": "Коваленко",
    "sex": "F",
    "date_of_birth": "2009-07-14",
    "nationality": "UKR",
    "mother_name": "Оксана",
    "place_of_birth": "Харків",
}
# The same girl at another reception point: transliterated, day and month swapped.
SECOND = {
    "given_name": "Iuliia",
    "family_name": "Kovalenko",
    "sex": "F",
    "date_of_birth": "2009-07-14",
    "nationality": "UKR",
    "mother_name": "Oksana",
    "place_of_birth": "Kharkiv",
}
# A different girl.
OTHER = {"given_name": "Amina", "family_name": "Barry", "sex": "F", "date_of_birth": "2012"}


@pytest.fixture
def register(django_capture_on_commit_callbacks):
    """Register a child as a request does: what follows a save runs once it commits (a test's
    own transaction never does)."""

    def register(actor, data):
        with django_capture_on_commit_callbacks(execute=True):
            return child_register(actor=actor, data=ChildIn.model_validate(data))

    return register


def _pair(world, register):
    first = register(world.caseworker, FIRST)
    case = case_open(actor=world.caseworker, child=first)
    second = register(world.frontline, SECOND)
    second_case = case_open(actor=world.frontline, child=second)
    return first, case, second, second_case


def test_a_duplicate_is_found_at_registration_and_shown(world, register, api) -> None:
    first, _case, second, _second_case = _pair(world, register)
    register(world.caseworker, OTHER)
    candidate = DuplicateCandidate.objects.get()
    assert {candidate.child_a_id, candidate.child_b_id} == {first.pk, second.pk}
    assert candidate.child_a_id < candidate.child_b_id
    assert candidate.source == "registration"
    assert candidate.score >= 0.5
    assert candidate.features  # kept for training
    assert {r["field"] for r in candidate.explanation} >= {"names", "date_of_birth"}
    page = web_client(world.caseworker).get(f"/children/{second.public_id}/")
    assert "possible-duplicates" in page.content.decode()
    listed = api("caseworker").get("/api/v1/duplicates", child_id=str(second.public_id)).json()
    assert [d["id"] for d in listed] == [str(candidate.public_id)]
    # Someone who sees neither record does not learn of the pair.
    assert api("caseworker2").get("/api/v1/duplicates").json() == []
    url = f"/api/v1/duplicates/{candidate.public_id}/rejection"
    assert api("caseworker2").post(url, {"reason": "x"}).status_code == 404


def test_the_check_waits_for_the_registration_to_commit(
    world, register, django_capture_on_commit_callbacks
) -> None:
    first = register(world.caseworker, FIRST)
    with django_capture_on_commit_callbacks() as callbacks:
        second = child_register(actor=world.frontline, data=ChildIn.model_validate(SECOND))
    # Nothing was looked for inside the registration's transaction ...
    assert not DuplicateCandidate.objects.exists()
    assert not AuditEntry.objects.filter(action="duplicate.found").exists()
    # ... and once it commits, the other record is found.
    assert len(callbacks) == 1
    callbacks[0]()
    candidate = DuplicateCandidate.objects.get()
    assert {candidate.child_a_id, candidate.child_b_id} == {first.pk, second.pk}
    found = AuditEntry.objects.get(action="duplicate.found")
    assert found.object_id == second.public_id
    # A change outside the child's identity looks for nothing.
    with django_capture_on_commit_callbacks(execute=True):
        child_update(
            actor=world.caseworker,
            child=second,
            changes=ChildIn.model_validate({"health_notes": "Asthma"}),
        )
    assert AuditEntry.objects.filter(action="duplicate.found").count() == 1


@pytest.mark.django_db(transaction=True)
def test_records_are_compared_outside_any_transaction(world, monkeypatch) -> None:
    # No test transaction here: the registrations commit as a request's do, and the check runs
    # after, with no transaction open, so that no lock is held while an index is built.
    open_transaction = []
    monkeypatch.setattr(
        hooks,
        "CHILD_SAVED",
        [lambda _event: open_transaction.append(connection.in_atomic_block), *hooks.CHILD_SAVED],
    )
    first = child_register(actor=world.caseworker, data=ChildIn.model_validate(FIRST))
    second = child_register(actor=world.frontline, data=ChildIn.model_validate(SECOND))
    assert open_transaction == [False, False]
    candidate = DuplicateCandidate.objects.get()
    assert {candidate.child_a_id, candidate.child_b_id} == {first.pk, second.pk}
    assert log_verify().ok


def test_a_merge_keeps_everything_and_can_be_undone(world, register, api) -> None:
    first, case, second, second_case = _pair(world, register)
    proceeding = proceeding_add(
        actor=world.caseworker,
        child=second,
        data=ProceedingFieldsIn(track="asylum", status="lodged"),
    )
    candidate = DuplicateCandidate.objects.get()
    client = api("supervisor")
    url = f"/api/v1/duplicates/{candidate.public_id}/merge"
    assert client.post(url, {"keep": str(first.public_id), "reason": ""}).status_code == 422
    outsider = client.post(url, {"keep": str(uuid.uuid4()), "reason": "x"})
    assert outsider.status_code == 422
    assert "keep" in outsider.content.decode()
    refused = api("caseworker").post(url, {"keep": str(first.public_id), "reason": "Same girl"})
    assert refused.status_code == 403  # merging is for supervisors
    done = client.post(url, {"keep": str(first.public_id), "reason": "Same girl, same mother"})
    assert done.status_code == 201, done.content
    merge = ChildMerge.objects.get()
    assert done.json()["moved"]["cases.Case"] == 1
    assert set(Case.objects.filter(child=first)) == {case, second_case}
    proceeding.refresh_from_db()
    assert proceeding.child_id == first.pk
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.merged_into_id == first.pk
    assert "Iuliia Kovalenko" in {a.name for a in first.aliases.all()}
    candidate.refresh_from_db()
    # The kept record is found by the merged record's spelling.
    found = api("supervisor").get("/api/v1/children", q="Iuliia Kovalenko").json()["items"]
    assert [c["id"] for c in found] == [str(first.public_id)]
    assert candidate.status == "merged"
    assert CaseEvent.objects.filter(kind="records_merged").count() == 2
    # The merged record is no longer listed; it says where its child is now; it takes no edits.
    listed = api("supervisor").get("/api/v1/children").json()
    ids = {c["id"] for c in listed["items"]}
    assert str(first.public_id) in ids
    assert str(second.public_id) not in ids
    detail = api("supervisor").get(f"/api/v1/children/{second.public_id}").json()
    assert detail["merged_into"] == str(first.public_id)
    with pytest.raises(ApplicationError) as caught:
        child_update(actor=world.supervisor, child=second, changes=ChildIn(given_name="X"))
    assert caught.value.field == "merged_into"
    assert client.post(url, {"keep": str(first.public_id), "reason": "again"}).status_code == 409
    # Undone: what moved goes back, the aliases it brought leave, the pair is open again.
    undo = client.post(f"/api/v1/merges/{merge.public_id}/undo", {"reason": "Twins, not one girl"})
    assert undo.status_code == 200, undo.content
    assert list(Case.objects.filter(child=second)) == [second_case]
    proceeding.refresh_from_db()
    assert proceeding.child_id == second.pk
    first.refresh_from_db()
    assert "Iuliia Kovalenko" not in {a.name for a in first.aliases.all()}
    assert Child.objects.get(pk=second.pk).merged_into_id is None
    candidate.refresh_from_db()
    assert candidate.status == "open"
    again = client.post(f"/api/v1/merges/{merge.public_id}/undo", {"reason": "again"})
    assert again.status_code == 409
    # Every step is in the audit log, and the log is whole.
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"child.merge", "child.merge_undo"} <= actions
    assert log_verify().ok


def test_merging_refuses_two_guardianships_and_needs_both_records(world, register) -> None:
    first, _case, second, _second_case = _pair(world, register)
    guardian = world.user("guardian", RoleCode.GUARDIAN, world.agency, None)
    other_guardian = world.user("guardian2", RoleCode.GUARDIAN, world.agency, None)
    guardian_appoint(actor=world.supervisor, child=first, guardian=guardian)
    guardian_appoint(actor=world.supervisor, child=second, guardian=other_guardian)
    with pytest.raises(ApplicationError) as caught:
        child_merge(actor=world.supervisor, kept=first, merged=second, reason="Same girl")
    assert caught.value.field == "guardian"
    assert not ChildMerge.objects.exists()
    assert Child.objects.get(pk=second.pk).merged_into_id is None


def test_a_single_guardianship_moves_and_comes_back(world, register) -> None:
    first, _case, second, _second_case = _pair(world, register)
    guardian = world.user("guardian", RoleCode.GUARDIAN, world.agency, None)
    guardian_appoint(actor=world.supervisor, child=second, guardian=guardian)
    second.refresh_from_db()
    merge = child_merge(actor=world.supervisor, kept=first, merged=second, reason="Same girl")
    first.refresh_from_db()
    assert first.guardian_id == guardian.pk
    assert first.guardian_appointments.filter(ended_at__isnull=True).count() == 1
    child_merge_undo(actor=world.supervisor, merge=merge, reason="Not the same")
    first.refresh_from_db()
    assert first.guardian_id is None
    assert second.guardian_appointments.filter(ended_at__isnull=True).count() == 1


def test_told_apart_pairs_stay_apart(world, register) -> None:
    _pair(world, register)
    candidate = DuplicateCandidate.objects.get()
    with pytest.raises(ApplicationError) as caught:
        duplicate_reject(actor=world.caseworker, candidate=candidate, reason="")
    assert caught.value.field == "reason"
    duplicate_reject(actor=world.caseworker, candidate=candidate, reason="Different mothers")
    call_command("duplicates", "find")
    candidate.refresh_from_db()
    assert candidate.status == "rejected"
    assert DuplicateCandidate.objects.count() == 1


def test_the_batch_check_finds_what_registration_did_not(world, register, capsys) -> None:
    first, _case, second, _second_case = _pair(world, register)
    DuplicateCandidate.objects.all().delete()
    call_command("duplicates", "find")
    found = DuplicateCandidate.objects.get()
    assert {found.child_a_id, found.child_b_id} == {first.pk, second.pk}
    assert found.source == "batch"
    assert "1 new possible duplicates" in capsys.readouterr().out
    call_command("duplicates", "find")
    assert DuplicateCandidate.objects.count() == 1
    # The nightly check waits in the worker's queue, once.
    assert tracing_duplicates_plan() is True
    assert tracing_duplicates_plan() is False
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    assert waiting.filter(task_path__endswith="tracing_duplicates_batch").count() == 1


def test_the_batch_check_says_what_the_other_records_said(world) -> None:
    # Three registrations with a name and a birth year alone, each like the others: a record
    # both of a pair look like makes them likelier one child, and each pair's explanation
    # says so, with how much it moved the score.
    amina = {**OTHER, "nationality": "GIN"}
    for _ in range(3):
        child_register(actor=world.frontline, data=ChildIn.model_validate(amina))
    DuplicateCandidate.objects.all().delete()
    call_command("duplicates", "find")
    candidates = list(DuplicateCandidate.objects.all())
    assert len(candidates) == 3
    for candidate in candidates:
        rows = {r["field"]: r for r in candidate.explanation}
        assert rows["registry"]["level"] == "shared"
        assert rows["registry"]["effect"] > 0
    page = web_client(world.supervisor).get(f"/duplicates/{candidates[0].public_id}/")
    assert "Other records" in page.content.decode()
    assert "a third record looks like both" in page.content.decode()


def test_the_web_pages_merge_and_undo(world, register) -> None:
    first, _case, second, _second_case = _pair(world, register)
    candidate = DuplicateCandidate.objects.get()
    client = web_client(world.supervisor)
    listing = client.get("/duplicates/")
    assert str(candidate.public_id) in listing.content.decode()
    page = client.get(f"/duplicates/{candidate.public_id}/")
    assert "merge-form" in page.content.decode()
    bad = client.post(f"/duplicates/{candidate.public_id}/", {"keep": str(first.public_id)})
    assert bad.status_code == 422
    merged = client.post(
        f"/duplicates/{candidate.public_id}/",
        {"keep": str(first.public_id), "reason": "Same girl, same mother"},
    )
    assert merged.status_code == 302
    assert merged["Location"] == f"/children/{first.public_id}/"
    record = client.get(merged["Location"]).content.decode()
    assert "undo-merge" in record
    merge = ChildMerge.objects.get()
    assert client.post(f"/merges/{merge.public_id}/undo/", {"reason": "Twins"}).status_code == 302
    merge.refresh_from_db()
    assert merge.undone_at is not None
    old = client.get(f"/children/{second.public_id}/").content.decode()
    assert "merged-banner" not in old


def test_records_are_read_in_chunks_with_their_aliases_and_documents(world, monkeypatch) -> None:
    passport = {"document_type": "passport", "number": "FA123", "issuing_country": "UKR"}
    first = child_register(
        actor=world.caseworker,
        data=ChildIn.model_validate({**FIRST, "aliases": ["Юля"], "documents": [passport]}),
    )
    child_register(actor=world.caseworker, data=ChildIn.model_validate(OTHER))
    whole = {n.rid: n for n in child_records(Child.objects.order_by("pk"))}
    monkeypatch.setattr(index, "CHUNK", 1)
    chunked = {n.rid: n for n in child_records(Child.objects.order_by("pk"))}
    assert chunked == whole
    assert chunked[str(first.pk)].document == "FA123"
    assert chunked[str(first.pk)].other


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"reason": None}, "reason", "This field is required."),
        ({"keep": None}, "keep", "This field is required."),
        (
            {"reason": "x" * (MAX_REASON + 1)},
            "reason",
            f"Ensure this value has at most {MAX_REASON} characters (it has {MAX_REASON + 1}).",
        ),
        ({"reason": "Same girl\x00"}, "reason", "Null characters are not allowed."),
    ],
)
def test_a_merge_is_refused_alike_by_the_page_and_the_api(
    world, register, api, changes, field, message
) -> None:
    first, _case, _second, _second_case = _pair(world, register)
    candidate = DuplicateCandidate.objects.get()
    body = {"keep": str(first.public_id), "reason": "Same girl, same mother", **changes}
    body = {name: value for name, value in body.items() if value is not None}
    by_api = api("supervisor").post(f"/api/v1/duplicates/{candidate.public_id}/merge", body)
    assert by_api.status_code == 422, by_api.content
    api_errors = {e["field"]: e["message"] for e in by_api.json()["errors"]}
    by_page = web_client(world.supervisor).post(f"/duplicates/{candidate.public_id}/", body)
    assert by_page.status_code == 422
    page_errors = {name: str(e[0]) for name, e in by_page.context["form"].errors.items()}
    assert api_errors == page_errors == {field: message}
    assert not ChildMerge.objects.exists()
