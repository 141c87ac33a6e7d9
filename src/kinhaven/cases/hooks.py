"""What apps built on cases do when one is opened, without cases knowing them.

Cases sits below deadlines, referrals and the other apps that follow a case. Such an app
registers a callable here from its AppConfig.ready(); `case_open` calls each one inside its
transaction, so that what they start (a case's deadlines) exists exactly when the case does,
however the case was opened: on the case page, through the API, or from a report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kinhaven.accounts.models import User
from kinhaven.cases.models import Case


@dataclass(frozen=True)
class CaseOpened:
    """A case just opened. `accompanied`: the child is with a parent or legal carer."""

    case: Case
    actor: User
    accompanied: bool


CaseOpenedHook = Callable[[CaseOpened], None]

# Called in the order registered, in the opening transaction.
CASE_OPENED: list[CaseOpenedHook] = []


def on_case_opened(hook: CaseOpenedHook) -> CaseOpenedHook:
    """Have `hook` called in the transaction of every case opened."""
    if hook not in CASE_OPENED:
        CASE_OPENED.append(hook)
    return hook


def case_opened(event: CaseOpened) -> None:
    for hook in list(CASE_OPENED):
        hook(event)
