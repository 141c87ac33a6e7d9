import datetime as dt

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from kinhaven.audit.models import AuditEntry
from kinhaven.cases.services import case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import run_worker
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError
from kinhaven.core.validation import input_validate
from kinhaven.deadlines.enums import DeadlineCode
from kinhaven.deadlines.models import Deadline, DeadlineRule
from kinhaven.deadlines.schemas import CompletionIn
from kinhaven.deadlines.selectors import deadline_list_for_user, deadline_state
from kinhaven.deadlines.services import (
    deadline_complete,
    deadline_escalate,
    deadline_rule_set,
    deadline_start,
    deadlines_escalate_due,
)
from kinhaven.deadlines.tasks import deadlines_sweep, deadlines_sweep_plan
from kinhaven.notifications.models import Notification

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 12, 4, 10, 0, tzinfo=dt.UTC)  # a Friday


@pytest.fixture
def case(world):
    child = child_register(actor=world.caseworker, data=ChildIn(given_name="Dawit"))
    case = case_open(actor=world.caseworker, child=child)
    # The case opened with its own deadlines (test_case_deadlines); these tests start each
    # deadline themselves, at a fixed time.
    Deadline.objects.filter(case=case).delete()
    return case


def _start(world, case, code: DeadlineCode) -> Deadline:
    deadline = deadline_start(code=code, agency=world.agency, case=case, starts_at=START)
    assert deadline is not None
    return deadline


def _guardian_deadline(world, case) -> Deadline:
    return _start(world, case, DeadlineCode.GUARDIAN_APPOINTMENT)


def _hard(deadline: Deadline) -> dt.datetime:
    assert deadline.hard_due_at is not None
    return deadline.hard_due_at


def test_default_rules_come_from_the_migration() -> None:
    rules = {r.code: r for r in DeadlineRule.objects.filter(country="")}
    assert set(rules) == set(DeadlineCode.values)
    assert (rules["guardian_appointment"].period, rules["guardian_appointment"].hard_limit) == (
        3,
        15,
    )
    assert rules["reflection_period"].period == 30


def test_guardian_deadline_counts_working_days_with_the_legal_limit(world, case) -> None:
    deadline = _guardian_deadline(world, case)
    assert deadline.due_at == dt.datetime(2026, 12, 10, 10, 0, tzinfo=dt.UTC)
    # 15 Austrian working days: past the 8th and the Christmas holidays.
    assert deadline.hard_due_at == dt.datetime(2026, 12, 29, 10, 0, tzinfo=dt.UTC)


def test_a_country_rule_replaces_the_default(world, case) -> None:
    deadline_rule_set(
        code="guardian_appointment", country="AUT", period=2, unit="working_days", hard_limit=10
    )
    deadline = _guardian_deadline(world, case)
    assert deadline.due_at == dt.datetime(2026, 12, 9, 10, 0, tzinfo=dt.UTC)


def test_rules_at_the_legal_bounds_from_any_day_are_taken() -> None:
    for code, period, unit, hard_limit in (
        ("guardian_appointment", 3, "days", 19),
        ("guardian_appointment", 3, "hours", 456),
        ("reflection_period", 22, "working_days", None),
        ("reflection_period", 720, "hours", None),
    ):
        rule = deadline_rule_set(
            code=code, country="AUT", period=period, unit=unit, hard_limit=hard_limit
        )
        assert (rule.period, rule.unit, rule.hard_limit) == (period, unit, hard_limit)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"code": "reflection_period", "period": 29, "unit": "days"}, "period"),
        ({"code": "reflection_period", "period": 3, "unit": "working_days"}, "period"),
        (
            {"code": "guardian_appointment", "period": 3, "unit": "working_days", "hard_limit": 16},
            "hard_limit",
        ),
        (
            {"code": "guardian_appointment", "period": 3, "unit": "days", "hard_limit": None},
            "hard_limit",
        ),
        # 15 working days are 21 calendar days from a Monday, but 20 from a Saturday or a
        # Sunday (the legal limit then falls on the Friday of the third week after).
        (
            {"code": "guardian_appointment", "period": 3, "unit": "days", "hard_limit": 21},
            "hard_limit",
        ),
        (
            {"code": "guardian_appointment", "period": 3, "unit": "days", "hard_limit": 20},
            "hard_limit",
        ),
        # 22 working days are at least 30 calendar days from any day; 21 are not.
        ({"code": "reflection_period", "period": 21, "unit": "working_days"}, "period"),
        ({"code": "reflection_period", "period": 719, "unit": "hours"}, "period"),
        ({"code": "case_open", "period": 0, "unit": "hours"}, "period"),
        ({"code": "case_open", "period": 5, "unit": "weeks"}, "unit"),
        ({"code": "nap_time", "period": 5, "unit": "hours"}, "code"),
    ],
)
def test_rules_cannot_cross_the_legal_bounds(changes, field) -> None:
    with pytest.raises(ApplicationError) as caught:
        deadline_rule_set(country="AUT", **{"hard_limit": None, **changes})
    assert caught.value.field == field
    assert not DeadlineRule.objects.filter(country="AUT").exists()


def test_escalation_waits_for_the_due_time_then_tells_supervisors_once(
    world, case, time_machine
) -> None:
    time_machine.move_to(START, tick=False)
    deadline = _guardian_deadline(world, case)
    assert not deadline_escalate(deadline_id=deadline.pk)
    assert deadline_state(deadline).value == "due"
    time_machine.move_to(deadline.due_at + dt.timedelta(minutes=1), tick=False)
    assert deadline_state(deadline).value == "overdue"
    assert deadline_escalate(deadline_id=deadline.pk)
    assert not deadline_escalate(deadline_id=deadline.pk)
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients == {"supervisor", "caseworker"}
    run_worker()
    assert {m.to[0] for m in mail.outbox} == {"supervisor@example.org", "caseworker@example.org"}
    assert all("Dawit" not in f"{m.subject} {m.body}" for m in mail.outbox)
    assert case.events.filter(kind="deadline_escalated").count() == 1
    assert AuditEntry.objects.filter(action="deadline.escalate").count() == 1
    # The legal limit escalates a second time, as a limit passed.
    time_machine.move_to(_hard(deadline) + dt.timedelta(minutes=1), tick=False)
    assert deadlines_escalate_due() == 1
    assert Notification.objects.filter(kind="deadline_hard_limit").count() == 2


def test_the_sweep_task_escalates_through_the_worker_and_plans_itself(
    world, case, time_machine
) -> None:
    time_machine.move_to(START, tick=False)
    deadline = _guardian_deadline(world, case)
    assert deadlines_sweep_plan()
    assert not deadlines_sweep_plan()  # one sweep waits at a time
    run_worker()
    deadline.refresh_from_db()
    assert deadline.escalated_at is None
    time_machine.move_to(deadline.due_at + dt.timedelta(seconds=1), tick=False)
    run_worker()
    deadline.refresh_from_db()
    assert deadline.escalated_at is not None
    assert deadline.hard_escalated_at is None
    waiting = DBTaskResult.objects.filter(task_path=deadlines_sweep.module_path, status="READY")
    assert waiting.count() == 1
    assert waiting.get().run_after == time.now() + dt.timedelta(seconds=60)


def test_a_late_sweep_escalates_both_limits_at_once(world, case, time_machine) -> None:
    time_machine.move_to(START, tick=False)
    deadline = _guardian_deadline(world, case)
    time_machine.move_to(_hard(deadline) + dt.timedelta(days=1), tick=False)
    assert deadlines_escalate_due() == 1
    deadline.refresh_from_db()
    assert deadline.escalated_at is not None
    assert deadline.hard_escalated_at is not None
    assert deadlines_escalate_due() == 0


def test_met_deadlines_do_not_escalate(world, case, time_machine) -> None:
    time_machine.move_to(START, tick=False)
    deadline = _start(world, case, DeadlineCode.REFLECTION_PERIOD)
    time_machine.move_to(deadline.due_at + dt.timedelta(minutes=1), tick=False)
    deadline_complete(
        actor=world.caseworker,
        deadline=deadline,
        data=CompletionIn(note="Residence permit applied for."),
    )
    time_machine.move_to(START + dt.timedelta(days=31), tick=False)
    assert deadlines_escalate_due() == 0
    assert deadline_state(Deadline.objects.get(pk=deadline.pk)).value == "met"


def test_the_reflection_period_cannot_be_ended_before_its_date(world, case, time_machine) -> None:
    # At least 30 days (CETS 197 Art. 13): not ended early, whatever was decided meanwhile.
    time_machine.move_to(START, tick=False)
    deadline = _start(world, case, DeadlineCode.REFLECTION_PERIOD)
    assert deadline.due_at == START + dt.timedelta(days=30)
    for moment in (START, deadline.due_at - dt.timedelta(minutes=1), deadline.due_at):
        time_machine.move_to(moment, tick=False)
        with pytest.raises(ApplicationError) as caught:
            deadline_complete(
                actor=world.caseworker, deadline=deadline, data=CompletionIn(note="Decided.")
            )
        assert (caught.value.http_status, caught.value.field) == (409, "deadline")
        assert Deadline.objects.get(pk=deadline.pk).completed_at is None
    # Recorded days after its date, the period ended on time: it lasted longer, not too short.
    time_machine.move_to(deadline.due_at + dt.timedelta(days=3), tick=False)
    deadline_complete(actor=world.caseworker, deadline=deadline, data=CompletionIn(note="Done."))
    assert deadline_state(Deadline.objects.get(pk=deadline.pk)).value == "met"


def test_only_manual_deadlines_are_completed_by_hand_with_a_note(world, case) -> None:
    guardian = _guardian_deadline(world, case)
    with pytest.raises(ApplicationError) as caught:
        deadline_complete(actor=world.caseworker, deadline=guardian, data=CompletionIn(note="Done"))
    assert caught.value.field == "deadline"
    review = _start(world, case, DeadlineCode.CASE_REVIEW)
    with pytest.raises(ApplicationError) as empty:
        deadline_complete(
            actor=world.caseworker,
            deadline=review,
            data=input_validate(CompletionIn, {"note": "  "}),
        )
    assert empty.value.field == "note"
    with pytest.raises(ApplicationError):
        deadline_complete(
            actor=world.frontline, deadline=review, data=CompletionIn(note="Reviewed")
        )
    deadline_complete(
        actor=world.caseworker, deadline=review, data=CompletionIn(note="Reviewed with the child.")
    )
    # Reviews recur.
    assert (
        Deadline.objects.filter(case=case, code="case_review", completed_at__isnull=True).count()
        == 1
    )
    with pytest.raises(ApplicationError) as twice:
        deadline_complete(actor=world.caseworker, deadline=review, data=CompletionIn(note="Again"))
    assert twice.value.field == "deadline"


def test_deadlines_are_seen_with_their_case_only(world, case) -> None:
    _guardian_deadline(world, case)
    assert deadline_list_for_user(user=world.caseworker).count() == 1
    assert deadline_list_for_user(user=world.supervisor).count() == 1
    assert deadline_list_for_user(user=world.caseworker2).count() == 0
    assert deadline_list_for_user(user=world.analyst).count() == 0


def test_without_stored_rules_the_built_in_defaults_apply(world, case) -> None:
    DeadlineRule.objects.all().delete()
    deadline = _guardian_deadline(world, case)
    assert deadline.due_at == dt.datetime(2026, 12, 10, 10, 0, tzinfo=dt.UTC)
