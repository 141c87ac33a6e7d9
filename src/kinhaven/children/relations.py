"""The case relationship to a child, told to children by the app that makes cases.

Children sits below cases: a child's record exists before any case, and cases build on it. But
whether a user sees a child as their agency's own depends on the cases they may see. Cases
registers, from its AppConfig.ready(), a function giving the children a user reaches through a
case; children asks it without importing cases.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q

from kinhaven.accounts.models import User
from kinhaven.core.queries import NOTHING

# (user) -> Q over children with a case that user sees as their agency's staff;
# (None) -> Q over children with any case at all.
CaseLink = Callable[[User | None], Q]

_case_link: list[CaseLink] = []


def child_case_link_register(link: CaseLink) -> None:
    """Tell children which of them have cases, and which a user reaches through one."""
    _case_link[:] = [link]


def children_with_case_q(user: User | None = None) -> Q:
    """Children with a case the user sees (any case, without a user); none without cases."""
    if not _case_link:
        return NOTHING
    return _case_link[0](user)
