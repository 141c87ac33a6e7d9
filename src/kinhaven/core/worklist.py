"""One task list for a user, filled by the apps that give people things to do.

Each app that gives work (deadlines a user owns, conference actions, case-plan actions,
approvals waiting for a decision, referrals and transfers to answer, duplicates to judge)
registers a source in its AppConfig.ready(). A source takes the user and returns the items
that user may see: it reads through the app's own scoped selectors, so the list shows nothing
the user could not open. The task page and the home pages ask `worklist_for`; the dependency
runs one way, from the apps to this module.

An item carries no personal data of its own: what to do, the case reference, a due date and a
link to the page where it is done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class WorkItem:
    kind: str  # the source's code, e.g. "deadline", "approval", "conference_action"
    kind_label: str | Promise  # shown to the user: "Deadline", "Approval", ...
    title: str | Promise  # what to do, without personal data
    url: str  # where it is done
    due: dt.datetime | None = None
    overdue: bool = False
    case_reference: str = ""


Source = Callable[[Any], list[WorkItem]]

_sources: dict[str, Source] = {}


def worklist_register(kind: str, source: Source) -> None:
    """Register the source of one kind of task (called from an AppConfig.ready())."""
    _sources[kind] = source


def worklist_kinds() -> list[str]:
    return list(_sources)


def worklist_for(user: Any, *, kinds: list[str] | None = None) -> list[WorkItem]:
    """Every task the user has, overdue first, then by due date (undated last)."""
    items: list[WorkItem] = []
    for kind, source in _sources.items():
        if kinds is None or kind in kinds:
            items.extend(source(user))
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    return sorted(items, key=lambda item: (not item.overdue, item.due or far, item.kind))
