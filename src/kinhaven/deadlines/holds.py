"""Deadlines that another app may hold open: a rule of a higher app that says a deadline must
not end yet (the recovery and reflection period while the conclusive identification decision is
pending, where the country's rule says so).

The app registers a check for a deadline code in its AppConfig.ready(); the check returns why the
deadline is held, or None. A held deadline is not closed by hand and not escalated as overdue.
"""

from __future__ import annotations

from collections.abc import Callable

from kinhaven.deadlines.models import Deadline

HoldCheck = Callable[[Deadline], str | None]
_holds: dict[str, list[HoldCheck]] = {}


def deadline_hold_register(code: str, check: HoldCheck) -> None:
    """Let `check` hold open the deadlines of `code`."""
    checks = _holds.setdefault(str(code), [])
    if check not in checks:
        checks.append(check)


def deadline_held(deadline: Deadline) -> str | None:
    """Why the deadline may not end yet, or None."""
    for check in _holds.get(deadline.code, []):
        reason = check(deadline)
        if reason:
            return reason
    return None
