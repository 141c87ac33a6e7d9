"""Status machines as data: one helper for every workflow of the apps.

A `Workflow` holds the table of allowed moves ({source: {target: guard}}), refuses the others
with TRANSITION_NOT_ALLOWED, asks the guard of a move whether the actor may take it, and changes
the status with a conditional UPDATE: of two moves read from the same status, one updates the
row and the other finds it moved and is refused with CONFLICT, without locking the row first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models
from django.utils.functional import Promise

from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode

# Who may take a move: called with the actor and the record, raises an ApplicationError to refuse.
Guard = Callable[[Any, Any], None]
# A status, as a plain string or a member of the states' TextChoices.
S = TypeVar("S", bound=str)


class TransitionNotAllowed(ApplicationError):
    """The workflow table has no move from the record's status to the one asked for."""

    def __init__(self, message: Any, *, field: str) -> None:
        super().__init__(ErrorCode.TRANSITION_NOT_ALLOWED, message, field=field)


class TransitionConflict(ApplicationError):
    """Someone else moved the record since it was read; the caller reloads and decides again."""

    def __init__(self, message: Any, *, field: str) -> None:
        super().__init__(ErrorCode.CONFLICT, message, field=field)


@dataclass(frozen=True)
class Move:
    """A move the table allows, from the status read to the target; `side` names who takes it."""

    source: str
    target: str
    side: str | None


class Workflow:
    """One status machine: the table of moves of the `field` of one kind of record.

    `transitions` maps each status to the targets alone, or to each target with its guard: a
    callable, the name of the side that takes the move (looked up in `guards`), or None.

    `not_allowed` may name the statuses as %(source)s and %(target)s; both messages, like the
    labels of `states`, are lazy translations, rendered when raised. `stay` lets a record "move"
    to the status it has, which re-applies the changes that go with it (a report triaged again).
    """

    def __init__(
        self,
        *,
        name: str,
        states: type[models.TextChoices],
        transitions: Mapping[S, Iterable[S] | Mapping[S, str | Guard | None]],
        not_allowed: str | Promise,
        conflict: str | Promise,
        field: str = "status",
        error_field: str = "status",
        guards: Mapping[str, Guard] | None = None,
        stay: bool = False,
        touch: str | None = "updated_at",
    ) -> None:
        self.name = name
        self.states = states
        self.field = field
        self.error_field = error_field
        self.not_allowed = not_allowed
        self.conflict = conflict
        self.stay = stay
        self.touch = touch
        self.guards: dict[str, Guard] = dict(guards or {})
        self.table: dict[str, dict[str, str | Guard | None]] = {}
        for source, targets in transitions.items():
            entries = targets if isinstance(targets, Mapping) else dict.fromkeys(targets)
            self.table[str(source)] = {str(t): g for t, g in entries.items()}
        self._check_table()

    def _check_table(self) -> None:
        """Refuse a table that names unknown statuses or sides without a guard, at import."""
        known = set(self.states.values)
        missing = known - set(self.table)
        if missing:
            raise ValueError(f"{self.name} workflow: no row for {sorted(missing)}")
        for source, targets in self.table.items():
            unknown = ({source} | set(targets)) - known
            if unknown:
                raise ValueError(f"{self.name} workflow: unknown statuses {sorted(unknown)}")
            for guard in targets.values():
                if isinstance(guard, str) and guard not in self.guards:
                    raise ValueError(f"{self.name} workflow: no guard for the side {guard!r}")

    def __repr__(self) -> str:
        return f"<Workflow {self.name}.{self.field}>"

    def label(self, value: str) -> str:
        """Return the readable label of a status; an unknown value reads as itself."""
        return str(self.states(value).label) if value in self.states.values else value

    def targets(self, source: str) -> list[str]:
        """Return the statuses a record in `source` may move to, in the table's order."""
        return list(self.table.get(str(source), {}))

    def allows(self, source: str, target: str) -> bool:
        return target in self.table.get(str(source), {}) or (self.stay and target == source)

    def check(self, record: models.Model, target: str, *, actor: Any = None) -> Move:
        """Return the move of `record` to `target` if the table allows it and the guard lets the
        actor take it; raise TransitionNotAllowed, or the guard's error, otherwise."""
        source = str(getattr(record, self.field))
        target = str(target)
        if not self.allows(source, target):
            raise TransitionNotAllowed(
                str(self.not_allowed)
                % {"source": self.label(source), "target": self.label(target)},
                field=self.error_field,
            )
        guard = self.table[source].get(target)
        side = guard if isinstance(guard, str) else None
        if isinstance(guard, str):
            guard = self.guards[guard]
        if guard is not None:
            guard(actor, record)
        return Move(source=source, target=target, side=side)

    def apply(self, record: models.Model, move: Move, **changes: Any) -> None:
        """Write the move, with the other `changes`, only if the row still has the status read;
        raise TransitionConflict if it has not, and reload the record if it has."""
        values: dict[str, Any] = {self.field: move.target, **changes}
        if self.touch is not None:
            values.setdefault(self.touch, time.now())
        # The base manager, as Django's own saves use: a filtering default manager must not turn
        # a row it hides into a false conflict.
        manager = type(record)._base_manager
        moved = manager.filter(pk=record.pk, **{self.field: move.source}).update(**values)
        if not moved:
            raise TransitionConflict(self.conflict, field=self.error_field)
        record.refresh_from_db()

    def move(self, record: models.Model, target: str, *, actor: Any = None, **changes: Any) -> Move:
        """Check the move and write it: `check` then `apply`."""
        move = self.check(record, target, actor=actor)
        self.apply(record, move, **changes)
        return move
