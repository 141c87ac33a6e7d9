import threading

import pytest
from django.db import connection

from kinhaven.audit.models import AuditEntry
from kinhaven.cases.enums import CASE_TRANSITIONS, CaseStatus
from kinhaven.cases.models import Case
from kinhaven.cases.schemas import ClosureDecisionIn, NoteIn
from kinhaven.cases.services import (
    case_closure_decide,
    case_note_add,
    case_open,
    case_set_missing,
    case_transition,
    case_update,
)
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.core.validation import input_validate

pytestmark = pytest.mark.django_db

APPROVE = ClosureDecisionIn(decision="approve")


@pytest.fixture
def case(world):
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Amina"))
    return case_open(actor=world.caseworker, child=child, summary="Found at the station.")


def test_open_assigns_the_opener_and_records_timeline(world, case) -> None:
    assert case.status == CaseStatus.REPORTED
    assert case.assigned_to == world.caseworker
    assert case.team == world.team
    assert case.reference.startswith("KH-")
    assert [e.kind for e in case.events.order_by("id")] == [
        "opened", "assigned", "bia_opened",
        "deadline_started", "deadline_started", "deadline_started",
    ]  # fmt: skip
    assert AuditEntry.objects.filter(action="case.create", object_id=case.public_id).exists()


def test_frontline_opens_unassigned_case_for_their_team(world) -> None:
    child = child_register(actor=world.frontline, data=ChildIn())
    case = case_open(actor=world.frontline, child=child)
    assert case.assigned_to is None
    assert case.team == world.team


def test_full_path_through_the_statuses(world, case) -> None:
    for status in ("assessment", "possible_victim", "in_care"):
        case = case_transition(actor=world.caseworker, case=case, to=status)
    case = case_transition(actor=world.caseworker, case=case, to="closed", reason="Reunited.")
    assert case.status == "in_care"
    case_closure_decide(actor=world.supervisor, case=case, data=APPROVE)
    case.refresh_from_db()
    assert case.status == "closed"
    assert case.closed_at is not None
    case = case_transition(actor=world.caseworker, case=case, to="assessment")
    assert case.closed_at is None
    changes = [e.data for e in case.events.filter(kind="status_changed").order_by("id")]
    assert [c["to"] for c in changes] == [
        "assessment",
        "possible_victim",
        "in_care",
        "closed",
        "assessment",
    ]


@pytest.mark.parametrize("source", list(CaseStatus))
def test_every_move_outside_the_table_is_refused(world, case, source) -> None:
    Case.objects.filter(pk=case.pk).update(status=source)
    case.refresh_from_db()
    for target in CaseStatus:
        if target in CASE_TRANSITIONS[source]:
            continue
        with pytest.raises(ApplicationError) as excinfo:
            case_transition(actor=world.caseworker, case=case, to=target, reason="r")
        assert excinfo.value.code == ErrorCode.TRANSITION_NOT_ALLOWED
        assert excinfo.value.field == "to"
    case.refresh_from_db()
    assert case.status == source


def test_closing_needs_a_reason(world, case) -> None:
    with pytest.raises(ApplicationError) as excinfo:
        case_transition(actor=world.caseworker, case=case, to="closed", reason="  ")
    assert excinfo.value.field == "reason"
    case.refresh_from_db()
    assert case.status == "reported"


def test_unknown_status_is_refused(world, case) -> None:
    with pytest.raises(ApplicationError) as excinfo:
        case_transition(actor=world.caseworker, case=case, to="teleported")
    assert excinfo.value.code == ErrorCode.INVALID


def test_stale_transition_is_a_conflict(world, case) -> None:
    stale = Case.objects.get(pk=case.pk)
    case_transition(actor=world.caseworker, case=case, to="assessment")
    with pytest.raises(ApplicationError) as excinfo:
        case_transition(actor=world.caseworker, case=stale, to="closed", reason="x")
    assert excinfo.value.code == ErrorCode.CONFLICT


def test_frontline_cannot_change_status(world) -> None:
    child = child_register(actor=world.frontline, data=ChildIn())
    case = case_open(actor=world.frontline, child=child)
    with pytest.raises(ApplicationError) as excinfo:
        case_transition(actor=world.frontline, case=case, to="assessment")
    assert excinfo.value.code == ErrorCode.PERMISSION_DENIED


def test_missing_flag_only_on_open_cases(world, case) -> None:
    case = case_set_missing(actor=world.caseworker, case=case, missing=True)
    assert case.is_missing
    assert case.missing_since is not None
    case = case_set_missing(actor=world.caseworker, case=case, missing=False)
    assert not case.is_missing
    case = case_transition(actor=world.caseworker, case=case, to="closed", reason="Moved abroad.")
    case_closure_decide(actor=world.supervisor, case=case, data=APPROVE)
    case.refresh_from_db()
    with pytest.raises(ApplicationError) as excinfo:
        case_set_missing(actor=world.caseworker, case=case, missing=True)
    assert excinfo.value.field == "is_missing"


def test_assignment_stays_inside_the_agency(world, case) -> None:
    case = case_update(actor=world.caseworker, case=case, assigned_to=world.other_team_worker)
    assert case.team == world.other_team
    for wrong in (world.caseworker2, world.analyst):
        with pytest.raises(ApplicationError) as excinfo:
            case_update(actor=world.caseworker, case=case, assigned_to=wrong)
        assert excinfo.value.field == "assigned_to"


def test_notes_need_a_body(world, case) -> None:
    with pytest.raises(ApplicationError) as excinfo:
        case_note_add(
            actor=world.caseworker, case=case, data=input_validate(NoteIn, {"body": "   "})
        )
    assert excinfo.value.field == "body"
    note = case_note_add(
        actor=world.caseworker, case=case, data=NoteIn(body="Spoke with the child.")
    )
    assert note.case == case
    assert case.events.filter(kind="note_added").exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
def test_concurrent_transitions_from_the_same_status_succeed_once(world) -> None:
    child = child_register(actor=world.caseworker, data=ChildIn())
    case = case_open(actor=world.caseworker, child=child)
    results: list[str] = []
    barrier = threading.Barrier(4)

    def move(target: str) -> None:
        mine = Case.objects.get(pk=case.pk)
        barrier.wait()
        try:
            case_transition(actor=world.caseworker, case=mine, to=target, reason="r")
            results.append("ok")
        except ApplicationError as exc:
            results.append(exc.code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=move, args=(t,))
        for t in ("assessment", "closed", "assessment", "closed")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # A move and a request to close serialise on the case: one of them wins.
    assert results.count("ok") == 1
    assert case.events.filter(kind__in=["status_changed", "closure_requested"]).count() == 1
