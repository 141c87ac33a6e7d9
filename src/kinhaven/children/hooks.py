"""What apps built on children's records do when one is saved, without children knowing them.

Children sits below the apps that match, trace or index its records, and imports none of them.
Such an app registers a callable here from its AppConfig.ready(); children's services call
`child_saved` in their transaction, and each callable runs once that transaction commits, so
that nothing it does (matching against an index that may take seconds to build) runs inside
the write transaction or under the audit log's lock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction

from kinhaven.accounts.models import User
from kinhaven.children.models import Child


@dataclass(frozen=True)
class ChildSaved:
    """A child's record saved: by registration (`created`) or by a change of `fields`."""

    child_id: int
    created: bool
    fields: frozenset[str]


ChildSavedHook = Callable[[ChildSaved], None]

# Called in the order registered, each once the saving transaction has committed.
CHILD_SAVED: list[ChildSavedHook] = []


def on_child_saved(hook: ChildSavedHook) -> ChildSavedHook:
    """Have `hook` called after every committed save of a child's record."""
    if hook not in CHILD_SAVED:
        CHILD_SAVED.append(hook)
    return hook


def child_saved(*, child: Child, created: bool, fields: Iterable[str]) -> None:
    """Call the registered hooks once the current transaction commits (at once outside one)."""
    event = ChildSaved(child_id=child.pk, created=created, fields=frozenset(fields))
    for hook in list(CHILD_SAVED):
        # Robust: the record is saved and committed whatever a hook does, so its failure is
        # logged rather than reported to the person as if the save had failed (a second try
        # would register the child twice). The nightly duplicate check catches up.
        transaction.on_commit(_caller(hook, event), robust=True)


def _caller(hook: ChildSavedHook, event: ChildSaved) -> Callable[[], None]:
    # A plain function, not functools.partial: Django names a failed callback by __qualname__.
    def call() -> None:
        hook(event)

    call.__qualname__ = getattr(hook, "__qualname__", "child_saved_hook")
    return call


@dataclass(frozen=True)
class ChildChanged:
    """A change to a child's record, seen inside the transaction that makes it."""

    child: Child
    actor: User
    fields: tuple[str, ...]


ChildChangedHook = Callable[[ChildChanged], None]

# Called at once, inside the changing transaction: what they write commits or rolls back with
# the change (cases put it on the timeline of the child's open cases).
CHILD_CHANGED: list[ChildChangedHook] = []


def on_child_changed(hook: ChildChangedHook) -> ChildChangedHook:
    """Have `hook` called inside the transaction of every change to a child's record."""
    if hook not in CHILD_CHANGED:
        CHILD_CHANGED.append(hook)
    return hook


def child_changed(*, child: Child, actor: User, fields: Iterable[str]) -> None:
    """Call the registered in-transaction hooks for a change to the child's record."""
    event = ChildChanged(child=child, actor=actor, fields=tuple(fields))
    for hook in list(CHILD_CHANGED):
        hook(event)
