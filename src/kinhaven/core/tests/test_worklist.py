import datetime as dt

from kinhaven.core import worklist
from kinhaven.core.worklist import WorkItem, worklist_for, worklist_register


def test_the_list_puts_overdue_first_then_by_due_date(monkeypatch):
    monkeypatch.setattr(worklist, "_sources", {})
    day = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    worklist_register(
        "a",
        lambda user: [
            WorkItem("a", "A", "later", "/a/1", due=day + dt.timedelta(days=3)),
            WorkItem("a", "A", "undated", "/a/2"),
        ],
    )
    worklist_register(
        "b",
        lambda user: [
            WorkItem("b", "B", "sooner", "/b/1", due=day + dt.timedelta(days=1)),
            WorkItem("b", "B", "late", "/b/2", due=day + dt.timedelta(days=5), overdue=True),
        ],
    )
    assert [i.title for i in worklist_for(None)] == ["late", "sooner", "later", "undated"]
    assert [i.title for i in worklist_for(None, kinds=["a"])] == ["later", "undated"]
