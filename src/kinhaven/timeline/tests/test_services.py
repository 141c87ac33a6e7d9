"""The timeline service and its registry of event kinds."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinhaven.cases.services import case_open, case_transition
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.timeline.enums import EVENT_KINDS, CaseEventKind, event_kind_register
from kinhaven.timeline.models import CaseEvent
from kinhaven.timeline.selectors import timeline_for_case
from kinhaven.timeline.services import timeline_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world):
    child = child_register(actor=world.caseworker, data=ChildIn.model_validate({}))
    return case_open(actor=world.caseworker, child=child)


@pytest.fixture
def kinds(monkeypatch):
    """Let a test register kinds; the registry is as before once the test is over."""
    monkeypatch.setattr(EVENT_KINDS, "_labels", dict(EVENT_KINDS._labels))
    return EVENT_KINDS


def test_an_event_is_recorded_and_read_back_newest_first(world, case) -> None:
    event = timeline_record(
        case=case, kind=CaseEventKind.NOTE_ADDED, actor=world.caseworker, data={"n": 1}
    )
    assert (event.case_id, event.kind, event.actor, event.data) == (
        case.pk,
        "note_added",
        world.caseworker,
        {"n": 1},
    )
    with CaptureQueriesContext(connection) as queries:
        events = list(timeline_for_case(case=case))
        actors = [e.actor.username if e.actor else None for e in events]
    assert len(queries) == 1  # the actors come with the events
    # The case's deadlines started as it opened, and its best-interests assessment.
    kinds = [
        "note_added",
        "deadline_started",
        "deadline_started",
        "deadline_started",
        "bia_opened",
        "assigned",
        "opened",
    ]
    assert [e.kind for e in events] == kinds
    assert actors == ["caseworker", None, None, None, "caseworker", "caseworker", "caseworker"]
    assert events[0].get_kind_display() == "Note added"


def test_an_unregistered_kind_is_refused(world, case) -> None:
    with pytest.raises(ValueError, match="unknown case event kind"):
        timeline_record(case=case, kind="teleported", actor=world.caseworker)
    assert not CaseEvent.objects.filter(kind="teleported").exists()


def test_a_new_kind_needs_no_migration_and_is_recorded_and_read_back(world, case, kinds) -> None:
    event_kind_register("interpreter_booked", "Interpreter booked")
    # The model's state does not list the kinds: nothing for makemigrations to write.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
    timeline_record(
        case=case, kind="interpreter_booked", actor=world.caseworker, data={"language": "prs"}
    )
    event = timeline_for_case(case=case).first()
    assert event is not None
    assert (event.kind, event.get_kind_display(), event.data) == (
        "interpreter_booked",
        "Interpreter booked",
        {"language": "prs"},
    )
    assert ("interpreter_booked", "Interpreter booked") in kinds.choices()


def test_registering_is_idempotent_but_refuses_another_label_or_a_bad_name(kinds) -> None:
    event_kind_register("interpreter_booked", "Interpreter booked")
    event_kind_register("interpreter_booked", "Interpreter booked")
    with pytest.raises(ValueError, match="another label"):
        event_kind_register("interpreter_booked", "Something else")
    with pytest.raises(ValueError, match="another label"):
        event_kind_register(CaseEventKind.OPENED, "Opened again")
    for bad in ("", "Upper", "with space", "x" * 31, "1st"):
        with pytest.raises(ValueError, match="lower-case"):
            event_kind_register(bad, "Bad")


def test_a_status_change_reads_its_statuses_by_label(world, case) -> None:
    case_transition(actor=world.caseworker, case=case, to="assessment")
    event = timeline_for_case(case=case).get(kind="status_changed")
    assert (event.from_label, event.to_label) == ("Reported", "Assessment")
    # Other kinds name no statuses, whatever their data holds.
    other = timeline_record(
        case=case, kind=CaseEventKind.REFERRAL_CHANGED, actor=None, data={"to": "closed"}
    )
    assert other.to_label == ""
    assert other.get_kind_display() == "Referral status changed"


def test_a_kind_no_longer_registered_reads_as_its_code(world, case) -> None:
    # Rows outlive code: a kind removed from the registry still shows, as its code.
    CaseEvent.objects.create(case=case, kind="retired_kind", occurred_at=case.created_at)
    event = timeline_for_case(case=case).get(kind="retired_kind")
    assert event.get_kind_display() == "retired_kind"
