"""Identification as a history of decisions: each decision a record, never changed; the status
derived from them; the country's rule on who decides and on the reflection period."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import IntegrityError, connection, transaction

from kinhaven.audit.models import AuditEntry
from kinhaven.cases.services import case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode, FieldErrors
from kinhaven.deadlines.enums import DeadlineState
from kinhaven.deadlines.models import Deadline
from kinhaven.deadlines.schemas import CompletionIn
from kinhaven.deadlines.selectors import deadline_state
from kinhaven.deadlines.services import deadline_complete, deadline_escalate
from kinhaven.identification.models import DecisionRewrite, IdentificationDecision
from kinhaven.identification.schemas import IdentificationRuleIn
from kinhaven.identification.selectors import child_identification_status
from kinhaven.identification.services import identification_decide, identification_rule_set
from kinhaven.identification.tests.conftest import decision_in

pytestmark = pytest.mark.django_db

CONCLUSIVE = {"stage": "conclusive", "outcome": "ActualVictimOfTrafficking"}


def _reflection(case) -> Deadline:
    return Deadline.objects.get(case=case, code="reflection_period")


def test_preliminary_then_conclusive_leaves_both_on_the_record(world, case) -> None:
    child = case.child
    preliminary = identification_decide(actor=world.caseworker, child=child, data=decision_in())
    conclusive = identification_decide(
        actor=world.supervisor,
        child=child,
        data=decision_in(**CONCLUSIVE, decided_on=time.today().isoformat()),
    )
    assert list(IdentificationDecision.objects.filter(child=child)) == [preliminary, conclusive]
    preliminary.refresh_from_db()
    assert (preliminary.stage, preliminary.outcome) == (
        "preliminary",
        "PossibleVictimOfTrafficking",
    )
    assert (preliminary.case, preliminary.recorded_by) == (case, world.caseworker)
    assert preliminary.person_name == "Dana Example"
    status = child_identification_status(child)
    assert (status.outcome, status.stage) == ("ActualVictimOfTrafficking", "conclusive")
    assert status.decision == conclusive
    assert status.chain == [preliminary, conclusive]
    assert not status.conclusive_pending


def test_a_review_changes_the_outcome_and_keeps_the_history(world, case) -> None:
    child = case.child
    preliminary = identification_decide(actor=world.caseworker, child=child, data=decision_in())
    conclusive = identification_decide(
        actor=world.supervisor,
        child=child,
        data=decision_in(stage="conclusive", outcome="NotAVictimOfTrafficking"),
    )
    appeal = identification_decide(
        actor=world.supervisor,
        child=child,
        data=decision_in(
            stage="review",
            outcome="ActualVictimOfTrafficking",
            organisation="CourtOrProsecution",
            authority="Administrative court",
            reviews_id=str(conclusive.public_id),
            appealed_by="The child's guardian",
            decided_on=time.today().isoformat(),
        ),
    )
    status = child_identification_status(child)
    assert (status.outcome, status.stage, status.decision) == (
        "ActualVictimOfTrafficking",
        "conclusive",
        appeal,
    )
    assert status.chain == [preliminary, conclusive, appeal]
    assert status.replaced == {conclusive.pk: appeal}
    conclusive.refresh_from_db()
    assert conclusive.outcome == "NotAVictimOfTrafficking"  # kept as it was decided
    assert appeal.reviews == conclusive
    assert IdentificationDecision.objects.filter(child=child).count() == 3


def test_a_new_preliminary_decision_begins_a_new_identification(world, case) -> None:
    child = case.child
    identification_decide(
        actor=world.caseworker, child=child, data=decision_in(outcome="NotAVictimOfTrafficking")
    )
    again = identification_decide(actor=world.caseworker, child=child, data=decision_in())
    status = child_identification_status(child)
    assert status.chain == [again]
    assert status.conclusive_pending


def test_nothing_recorded_is_ever_changed_or_deleted(world, case) -> None:
    decision = identification_decide(actor=world.caseworker, child=case.child, data=decision_in())
    decision.reasons = "Changed afterwards."
    with pytest.raises(DecisionRewrite):
        decision.save()
    with pytest.raises(DecisionRewrite):
        IdentificationDecision.objects.filter(pk=decision.pk).update(reasons="Changed.")
    with pytest.raises(DecisionRewrite):
        decision.delete()
    with pytest.raises(DecisionRewrite):
        IdentificationDecision.objects.filter(pk=decision.pk).delete()
    decision.refresh_from_db()
    assert decision.reasons == "Recruited with a false job offer; unpaid work."


def test_the_database_refuses_a_review_that_names_no_decision(world, case) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        IdentificationDecision.objects.create(
            child=case.child,
            stage="review",
            outcome="NotAVictimOfTrafficking",
            organisation="Other",
            authority="x",
            person_name="x",
            person_role="x",
            decided_on=time.today(),
            reasons="x",
            evidence="x",
            recorded_by=world.caseworker,
        )


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        # A conclusive decision needs reasonable grounds in force first (CETS 197 Art. 10(2)).
        (CONCLUSIVE, "stage", ErrorCode.CONFLICT),
        ({"stage": "review", "reviews_id": "00000000-0000-4000-8000-000000000000",
          "appealed_by": "Guardian"}, "reviews_id", ErrorCode.INVALID),
    ],
)  # fmt: skip
def test_decisions_out_of_order_are_refused(world, case, changes, field, code) -> None:
    with pytest.raises(ApplicationError) as caught:
        identification_decide(actor=world.supervisor, child=case.child, data=decision_in(**changes))
    assert (caught.value.field, caught.value.code) == (field, code)
    assert not IdentificationDecision.objects.exists()


def test_the_next_decision_follows_the_one_in_force(world, case) -> None:
    child = case.child
    first = identification_decide(actor=world.caseworker, child=child, data=decision_in())
    with pytest.raises(ApplicationError) as caught:
        identification_decide(actor=world.caseworker, child=child, data=decision_in())
    assert (caught.value.field, caught.value.code) == ("stage", ErrorCode.CONFLICT)
    with pytest.raises(FieldErrors) as errors:
        identification_decide(
            actor=world.supervisor,
            child=child,
            data=decision_in(
                **CONCLUSIVE, decided_on=(first.decided_on - dt.timedelta(days=1)).isoformat()
            ),
        )
    assert set(errors.value.errors) == {"decided_on"}
    with pytest.raises(FieldErrors) as errors:
        identification_decide(
            actor=world.caseworker,
            child=child,
            data=decision_in(
                stage="review",
                outcome="ActualVictimOfTrafficking",
                reviews_id=str(first.public_id),
                appealed_by="Guardian",
            ),
        )
    assert set(errors.value.errors) == {"outcome"}
    second = identification_decide(
        actor=world.supervisor, child=child, data=decision_in(**CONCLUSIVE)
    )
    with pytest.raises(ApplicationError) as caught:
        identification_decide(
            actor=world.supervisor,
            child=child,
            data=decision_in(
                stage="review",
                outcome="NotAVictimOfTrafficking",
                reviews_id=str(first.public_id),
                appealed_by="Guardian",
            ),
        )
    assert (caught.value.field, caught.value.code) == ("reviews_id", ErrorCode.CONFLICT)
    assert list(IdentificationDecision.objects.all()) == [first, second]


def test_a_role_the_country_rule_leaves_out_is_refused(world, case, police) -> None:
    child = case.child
    identification_decide(actor=world.caseworker, child=child, data=decision_in())
    # By default, caseworkers record preliminary decisions only.
    with pytest.raises(ApplicationError) as caught:
        identification_decide(actor=world.caseworker, child=child, data=decision_in(**CONCLUSIVE))
    assert caught.value.http_status == 403
    assert "Supervisor" in str(caught.value.message)
    # Austria's own rule: only police investigators decide conclusively.
    identification_rule_set(
        data=IdentificationRuleIn(
            country="AUT",
            reflection_until_conclusive=True,
            preliminary_roles=["caseworker", "supervisor"],
            conclusive_roles=["police_investigator"],
        )
    )
    with pytest.raises(ApplicationError) as caught:
        identification_decide(actor=world.supervisor, child=child, data=decision_in(**CONCLUSIVE))
    assert caught.value.http_status == 403
    assert "AUT" in str(caught.value.message)
    assert "Police investigator" in str(caught.value.message)
    decision = identification_decide(actor=police, child=child, data=decision_in(**CONCLUSIVE))
    assert decision.recorded_by == police
    assert IdentificationDecision.objects.count() == 2


def test_a_role_without_the_capability_is_refused_naming_it(world, case) -> None:
    with pytest.raises(ApplicationError) as caught:
        identification_decide(actor=world.frontline, child=case.child, data=decision_in())
    assert caught.value.http_status == 403
    assert "identification.decide" in str(caught.value.message)


def test_only_the_agency_holding_the_record_records_decisions(world, case) -> None:
    with pytest.raises(ApplicationError) as caught:
        identification_decide(actor=world.caseworker2, child=case.child, data=decision_in())
    assert caught.value.http_status == 403


def test_reasonable_grounds_need_an_open_case_for_the_period_to_run_on(world) -> None:
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Amina"))
    with pytest.raises(ApplicationError) as caught:
        identification_decide(actor=world.caseworker, child=child, data=decision_in())
    assert caught.value.code == ErrorCode.CONFLICT
    none_found = identification_decide(
        actor=world.caseworker, child=child, data=decision_in(outcome="NotAVictimOfTrafficking")
    )
    assert none_found.case is None


def test_the_rule_names_known_roles_only(world) -> None:
    with pytest.raises(FieldErrors) as caught:
        identification_rule_set(
            data=IdentificationRuleIn(
                reflection_until_conclusive=False,
                preliminary_roles=["caseworker"],
                conclusive_roles=["judge"],
            )
        )
    assert set(caught.value.errors) == {"conclusive_roles"}


def test_reasonable_grounds_start_the_reflection_period(world, case) -> None:
    child = case.child
    identification_decide(
        actor=world.caseworker, child=child, data=decision_in(outcome="NotAVictimOfTrafficking")
    )
    assert not Deadline.objects.filter(case=case, code="reflection_period").exists()
    # An appeal finds reasonable grounds after all: the period starts from that decision.
    first = IdentificationDecision.objects.get()
    review = identification_decide(
        actor=world.caseworker,
        child=child,
        data=decision_in(
            stage="review",
            reviews_id=str(first.public_id),
            appealed_by="The child's guardian",
        ),
    )
    reflection = _reflection(case)
    # Decided on a past day at an hour not recorded: from the end of that day, so that the
    # period is never shorter than 30 days from the decision.
    end_of_day = review.decided_on + dt.timedelta(days=1)
    start = dt.datetime.combine(end_of_day, dt.time.min, tzinfo=reflection.starts_at.tzinfo)
    assert reflection.starts_at == start
    assert reflection.due_at - reflection.starts_at == dt.timedelta(days=30)
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds.count("identification_decided") == 1
    assert kinds.count("identification_reviewed") == 1
    assert "deadline_started" in kinds
    entries = AuditEntry.objects.filter(action="identification_decision.record")
    assert {e.object_id for e in entries} == {first.public_id, review.public_id}


def test_the_period_does_not_end_while_the_conclusive_decision_is_pending(
    world, case, time_machine
) -> None:
    child = case.child
    identification_decide(actor=world.caseworker, child=child, data=decision_in())
    reflection = _reflection(case)
    time_machine.move_to(reflection.due_at + dt.timedelta(days=1), tick=False)
    with pytest.raises(ApplicationError) as caught:
        deadline_complete(actor=world.caseworker, deadline=reflection, data=CompletionIn(note="x"))
    assert (caught.value.code, caught.value.field) == (ErrorCode.CONFLICT, "deadline")
    # Not overdue either: nobody is told the period is over.
    assert deadline_escalate(deadline_id=reflection.pk) is False
    reflection.refresh_from_db()
    assert reflection.completed_at is None
    assert reflection.escalated_at is None
    assert deadline_state(reflection) == DeadlineState.HELD
    identification_decide(actor=world.supervisor, child=child, data=decision_in(**CONCLUSIVE))
    assert deadline_state(reflection) == DeadlineState.OVERDUE
    assert deadline_escalate(deadline_id=reflection.pk) is True
    done = deadline_complete(
        actor=world.caseworker, deadline=reflection, data=CompletionIn(note="Residence permit.")
    )
    assert done.completed_at is not None


def test_where_the_rule_says_so_the_period_ends_on_its_date(world, case, time_machine) -> None:
    identification_rule_set(
        data=IdentificationRuleIn(
            country="AUT",
            reflection_until_conclusive=False,
            preliminary_roles=["caseworker", "supervisor"],
            conclusive_roles=["supervisor"],
        )
    )
    identification_decide(actor=world.caseworker, child=case.child, data=decision_in())
    reflection = _reflection(case)
    time_machine.move_to(reflection.due_at + dt.timedelta(days=1), tick=False)
    assert child_identification_status(case.child).conclusive_pending
    assert deadline_escalate(deadline_id=reflection.pk) is True
    done = deadline_complete(
        actor=world.caseworker, deadline=reflection, data=CompletionIn(note="Period over.")
    )
    assert done.completed_at is not None


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
def test_concurrent_preliminary_decisions_leave_one_in_force(world) -> None:
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Amina"))
    case_open(actor=world.caseworker, child=child)
    results: list[object] = []
    barrier = threading.Barrier(3)

    def decide() -> None:
        barrier.wait()
        try:
            identification_decide(actor=world.caseworker, child=child, data=decision_in())
            results.append("ok")
        except ApplicationError as exc:
            results.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=decide) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(map(str, results)) == ["conflict", "conflict", "ok"]
    assert IdentificationDecision.objects.filter(child=child).count() == 1
    assert Deadline.objects.filter(case__child=child, code="reflection_period").count() == 1
