"""What apps built on tracing check before two records of a child become one, without tracing
knowing them.

A merge moves every record of the merged child onto the kept one. An app whose records allow one
of a kind per child (a missing episode open) registers a check here from its AppConfig.ready();
the check raises ApplicationError (409, naming its field) when both records hold one, and the
merge is refused before anything moves.
"""

from __future__ import annotations

from collections.abc import Callable

from kinhaven.children.models import Child

MergeCheck = Callable[[Child, Child], None]

# Called in the order registered, with (kept, merged), in the merging transaction.
MERGE_CHECKS: list[MergeCheck] = []


def on_child_merge_check(check: MergeCheck) -> MergeCheck:
    """Have `check(kept, merged)` called before every merge of two records of a child."""
    if check not in MERGE_CHECKS:
        MERGE_CHECKS.append(check)
    return check


def child_merge_checks(kept: Child, merged: Child) -> None:
    for check in list(MERGE_CHECKS):
        check(kept, merged)
