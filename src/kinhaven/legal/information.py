"""The decisions the child is to be told about, from a registry that each kind of decision joins.

After every decision on a child, someone tells the child what was decided and records it
(`ChildInformation`). A kind of decision registers a source here: a function that lists the
child's decisions of that kind, and the section of the file a user must read to see them. The
child's page lists the decisions no information record names yet. The legal app registers
permits, proceeding status changes, identification decisions and age decisions; an app above it
(best interests, placements) registers its own from its AppConfig.ready().
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.functional import Promise

from kinhaven.children.models import Child
from kinhaven.children.sections import SectionAccess


@dataclass(frozen=True)
class Decision:
    """One decision on the child: its kind, a reference unique within the kind, what it was
    and when it was taken."""

    kind: str
    ref: str
    label: str | Promise
    on: dt.date


@dataclass(frozen=True)
class DecisionSource:
    label: str | Promise
    section: str
    decisions: Callable[[Child], Iterable[Decision]]


_SOURCES: dict[str, DecisionSource] = {}


def decision_source_register(
    kind: str,
    *,
    label: str | Promise,
    section: str,
    decisions: Callable[[Child], Iterable[Decision]],
) -> None:
    """Make a kind of decision one the child is told about; registering it again replaces it."""
    _SOURCES[kind] = DecisionSource(label=label, section=section, decisions=decisions)


def decision_kinds() -> dict[str, DecisionSource]:
    return dict(_SOURCES)


def decisions_for(child: Child, access: SectionAccess) -> list[Decision]:
    """The decisions on a child of every registered kind whose section the user reads, oldest
    first."""
    found: list[Decision] = []
    for source in _SOURCES.values():
        if source.section in access.read:
            found.extend(source.decisions(child))
    return sorted(found, key=lambda d: (d.on, d.kind, d.ref))
