"""What apps built on identification do when a decision is recorded, without identification
knowing them.

Identification sits below the legal tracks. An app registers a callable here from its
AppConfig.ready(); every decision recorded calls each one inside its transaction, so that what
a decision brings about (the non-punishment task on a proceeding in which the child is a
suspect) exists exactly when the decision does, whichever way it was recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kinhaven.accounts.models import User
from kinhaven.children.models import Child
from kinhaven.identification.models import IdentificationDecision


@dataclass(frozen=True)
class IdentificationDecided:
    """A decision just recorded on the child, by `actor`."""

    child: Child
    decision: IdentificationDecision
    actor: User


IdentificationDecidedHook = Callable[[IdentificationDecided], None]

# Called in the order registered, in the recording transaction.
IDENTIFICATION_DECIDED: list[IdentificationDecidedHook] = []


def on_identification_decided(hook: IdentificationDecidedHook) -> IdentificationDecidedHook:
    """Have `hook` called in the transaction of every identification decision recorded."""
    if hook not in IDENTIFICATION_DECIDED:
        IDENTIFICATION_DECIDED.append(hook)
    return hook


def identification_decided(event: IdentificationDecided) -> None:
    for hook in list(IDENTIFICATION_DECIDED):
        hook(event)
