"""The workflow helper: the table as data, guards, the conditional update and its conflict.

The helper works on any model with a status field; these tests drive it over the case's status,
with tables of their own, so that they hold whatever the case workflow becomes.
"""

import threading
from typing import Any

import pytest
from django.db import connection, transaction
from django.utils.translation import gettext_lazy

from kinhaven.cases.enums import CASE_TRANSITIONS, CASE_WORKFLOW, CaseStatus
from kinhaven.cases.models import Case
from kinhaven.cases.services import case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.core.workflow import Move, TransitionConflict, TransitionNotAllowed, Workflow

pytestmark = pytest.mark.django_db

S = CaseStatus


def _workflow(**options: Any) -> Workflow:
    settings: dict[str, Any] = {
        "name": "test",
        "states": S,
        "transitions": {
            S.REPORTED: {S.ASSESSMENT: None, S.CLOSED: "closer"},
            S.ASSESSMENT: {S.CLOSED: None},
            S.POSSIBLE_VICTIM: {},
            S.AT_RISK: {},
            S.IN_CARE: {},
            S.CLOSED: {},
        },
        "guards": {"closer": _only_supervisors},
        "not_allowed": gettext_lazy("From “%(source)s” to “%(target)s”: no."),
        "conflict": gettext_lazy("Moved meanwhile."),
        "error_field": "to",
    }
    return Workflow(**{**settings, **options})


def _only_supervisors(actor: Any, record: Any) -> None:
    if actor != "supervisor":
        raise ApplicationError(ErrorCode.PERMISSION_DENIED, "Supervisors only.")


@pytest.fixture
def case(world) -> Case:
    child = child_register(actor=world.caseworker, data=ChildIn.model_validate({}))
    return case_open(actor=world.caseworker, child=child)


def test_a_move_in_the_table_changes_the_row_and_reloads_the_record(case) -> None:
    before = case.updated_at
    move = _workflow().move(case, S.ASSESSMENT, summary="Assessed.")
    assert move == Move(source="reported", target="assessment", side=None)
    assert (case.status, case.summary) == ("assessment", "Assessed.")
    assert case.updated_at > before
    stored = Case.objects.get(pk=case.pk)
    assert (stored.status, stored.summary, stored.updated_at) == (
        "assessment",
        "Assessed.",
        case.updated_at,
    )


def test_a_move_outside_the_table_is_refused_with_the_labels(case) -> None:
    with pytest.raises(TransitionNotAllowed) as excinfo:
        _workflow().move(case, S.IN_CARE)
    error = excinfo.value
    assert (error.code, error.http_status, error.field) == (
        ErrorCode.TRANSITION_NOT_ALLOWED,
        409,
        "to",
    )
    assert error.message == "From “Reported” to “In care”: no."
    assert Case.objects.get(pk=case.pk).status == "reported"


def test_an_unknown_target_reads_as_itself(case) -> None:
    with pytest.raises(TransitionNotAllowed) as excinfo:
        _workflow().check(case, "teleported")
    assert excinfo.value.message == "From “Reported” to “teleported”: no."


def test_a_side_guard_decides_who_moves(case) -> None:
    workflow = _workflow()
    with pytest.raises(ApplicationError) as excinfo:
        workflow.move(case, S.CLOSED, actor="caseworker")
    assert excinfo.value.code == ErrorCode.PERMISSION_DENIED
    assert Case.objects.get(pk=case.pk).status == "reported"
    move = workflow.move(case, S.CLOSED, actor="supervisor")
    assert move.side == "closer"
    assert case.status == "closed"


def test_a_guard_may_be_a_callable_in_the_table(case) -> None:
    seen: list[tuple[Any, Any]] = []
    transitions: dict[str, dict[str, Any]] = {s: {} for s in S}
    transitions[S.REPORTED] = {S.ASSESSMENT: lambda actor, record: seen.append((actor, record))}
    move = _workflow(transitions=transitions, guards={}).move(case, S.ASSESSMENT, actor="a")
    assert move.side is None
    assert seen == [("a", case)]


def test_staying_is_refused_unless_the_workflow_allows_it(case) -> None:
    with pytest.raises(TransitionNotAllowed):
        _workflow().move(case, S.REPORTED)
    _workflow(stay=True).move(case, S.REPORTED, summary="Again.")
    assert (case.status, case.summary) == ("reported", "Again.")


def test_a_record_moved_meanwhile_is_a_conflict_and_nothing_is_written(case) -> None:
    stale = Case.objects.get(pk=case.pk)
    workflow = _workflow()
    workflow.move(case, S.ASSESSMENT)
    # The stale copy still reads "reported", from which closing is allowed: only the row knows.
    with pytest.raises(TransitionConflict) as excinfo:
        workflow.move(stale, S.CLOSED, actor="supervisor", summary="Closed.")
    error = excinfo.value
    assert isinstance(error, ApplicationError)
    assert (error.code, error.http_status, error.field, error.message) == (
        ErrorCode.CONFLICT,
        409,
        "to",
        "Moved meanwhile.",
    )
    stored = Case.objects.get(pk=case.pk)
    assert (stored.status, stored.summary) == ("assessment", "")


def test_the_targets_and_allows_follow_the_table() -> None:
    for source in S:
        assert set(CASE_WORKFLOW.targets(source)) == set(CASE_TRANSITIONS[source])
        for target in S:
            assert CASE_WORKFLOW.allows(source, target) == (target in CASE_TRANSITIONS[source])


@pytest.mark.parametrize(
    ("transitions", "guards", "problem"),
    [
        ({S.REPORTED: [S.CLOSED]}, {}, "no row"),
        ({**{s: [] for s in S}, S.REPORTED: ["teleported"]}, {}, "unknown statuses"),
        ({**{s: {} for s in S}, S.REPORTED: {S.CLOSED: "nobody"}}, {}, "no guard"),
    ],
)
def test_a_broken_table_is_refused_when_it_is_built(transitions, guards, problem) -> None:
    with pytest.raises(ValueError, match=problem):
        _workflow(transitions=transitions, guards=guards)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
def test_of_two_transactions_racing_on_one_move_exactly_one_wins(world) -> None:
    child = child_register(actor=world.caseworker, data=ChildIn.model_validate({}))
    case = case_open(actor=world.caseworker, child=child)
    workflow = _workflow()
    first_updated = threading.Event()
    second_waiting = threading.Event()
    results: dict[str, str] = {}

    def first() -> None:
        mine = Case.objects.get(pk=case.pk)
        try:
            with transaction.atomic():
                workflow.move(mine, S.ASSESSMENT, summary="first")
                first_updated.set()
                # Commit only once the second transaction has read "reported" and is updating.
                second_waiting.wait(timeout=10)
                threading.Event().wait(0.3)
            results["first"] = "moved"
        except ApplicationError as exc:
            results["first"] = exc.code
        finally:
            connection.close()

    def second() -> None:
        mine = Case.objects.get(pk=case.pk)  # read before the first commits: "reported"
        first_updated.wait(timeout=10)
        try:
            with transaction.atomic():
                second_waiting.set()
                # Waits on the first transaction's row lock, then finds the status changed.
                workflow.move(mine, S.ASSESSMENT, summary="second")
            results["second"] = "moved"
        except TransitionConflict as exc:
            results["second"] = exc.code
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert results == {"first": "moved", "second": ErrorCode.CONFLICT}
    stored = Case.objects.get(pk=case.pk)
    assert (stored.status, stored.summary) == ("assessment", "first")
