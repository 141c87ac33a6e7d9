"""Moving the case events from cases to timeline keeps every row, on SQLite and PostgreSQL."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kinhaven.cases.services import case_open
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.timeline.enums import CaseEventKind
from kinhaven.timeline.models import CaseEvent
from kinhaven.timeline.services import timeline_record

BEFORE = [("cases", "0007_alter_caseevent_kind")]


def _migrate(targets: list[tuple[str, str]] | None) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


@pytest.mark.django_db(transaction=True)
def test_events_written_before_the_move_are_read_after_it(world) -> None:
    child = child_register(actor=world.caseworker, data=ChildIn.model_validate({}))
    case = case_open(actor=world.caseworker, child=child)
    try:
        executor = _migrate(BEFORE)
        tables = connection.introspection.table_names()
        assert "cases_caseevent" in tables
        assert "timeline_caseevent" not in tables
        old_apps = executor.loader.project_state(BEFORE).apps
        OldEvent = old_apps.get_model("cases", "CaseEvent")
        OldEvent.objects.create(
            case_id=case.pk,
            kind="note_added",
            actor_id=world.caseworker.pk,
            occurred_at=case.created_at,
            data={"written": "before"},
        )
        before = sorted(OldEvent.objects.values_list("id", "case_id", "kind", "actor_id", "data"))
        assert len(before) == 7  # opened, assigned, three deadlines, the BIA opened, the note
    finally:
        _migrate(None)
    tables = connection.introspection.table_names()
    assert "timeline_caseevent" in tables
    assert "cases_caseevent" not in tables
    after = sorted(CaseEvent.objects.values_list("id", "case_id", "kind", "actor_id", "data"))
    assert after == before
    # The key goes on from where it was: a new event neither fails nor takes an old id.
    new = timeline_record(case=case, kind=CaseEventKind.NOTE_ADDED, actor=world.caseworker)
    assert new.pk > max(row[0] for row in before)
