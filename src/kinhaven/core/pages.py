"""Pages that show parts owned by higher apps, without importing them.

A page of a lower app (the case page) names itself with a key; a higher app that has
something to show there (the case's deadlines, its conferences) registers a contributor in
its AppConfig.ready(). The page asks for the contributions when it renders. Dependencies
then still run one way: the higher app knows the page, the page knows only the key.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

Contributor = Callable[[Any, Any], dict[str, object]]

_contributors: defaultdict[str, list[Contributor]] = defaultdict(list)


def page_contribute(page: str, contributor: Contributor) -> None:
    """Register what an app adds to a page: called with (user, record), returns context."""
    if contributor not in _contributors[page]:
        _contributors[page].append(contributor)


def page_contributions(page: str, user: Any, record: Any) -> dict[str, object]:
    """The context every registered app adds to the page for this user and record."""
    context: dict[str, object] = {}
    for contributor in _contributors[page]:
        context.update(contributor(user, record))
    return context
