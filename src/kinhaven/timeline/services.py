"""The one way onto a case's timeline: every app records its case events here."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.db import models

from kinhaven.accounts.models import User
from kinhaven.core import time
from kinhaven.timeline.enums import EVENT_KINDS
from kinhaven.timeline.models import CaseEvent

# Called with each event just put on a timeline, inside the transaction that recorded it: apps
# above the timeline (the statistics) register here from AppConfig.ready() to learn that a case
# changed, whichever app changed it. A hook defers its side effects to the commit.
CaseEventHook = Callable[[CaseEvent], None]
CASE_EVENT_HOOKS: list[CaseEventHook] = []


def on_case_event(hook: CaseEventHook) -> CaseEventHook:
    """Have `hook` called with every case event recorded."""
    if hook not in CASE_EVENT_HOOKS:
        CASE_EVENT_HOOKS.append(hook)
    return hook


def timeline_record(
    *,
    case: models.Model,
    kind: str,
    actor: User | None,
    data: Mapping[str, Any] | None = None,
) -> CaseEvent:
    """Put an event of a registered kind on a case's timeline.

    It runs inside the transaction of the service that made the change, whose audit entry covers
    it; `data` holds codes, ids and field names, never personal data.
    """
    if kind not in EVENT_KINDS:
        # A programming error, not a user's: the kind never comes from input.
        raise ValueError(f"unknown case event kind {kind!r}: register it in timeline.enums")
    event = CaseEvent.objects.create(
        case_id=case.pk, kind=kind, actor=actor, occurred_at=time.now(), data=dict(data or {})
    )
    for hook in CASE_EVENT_HOOKS:
        hook(event)
    return event
