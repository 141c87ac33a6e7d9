"""The case relationship to a child, told to children by the app that makes cases.

Also: finding a child by the reference of one of its cases (break-glass takes either).

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


# (reference) -> the public id of the child with a record of that reference, or None.
ReferenceLookup = Callable[[str], str | None]

_reference_lookups: list[ReferenceLookup] = []


def child_reference_register(lookup: ReferenceLookup) -> None:
    """Let a child be found by another record's reference (a case's KH-2026-000123)."""
    if lookup not in _reference_lookups:
        _reference_lookups.append(lookup)


def child_id_for_reference(reference: str) -> str:
    """The child's public id for a reference a registered app knows, else the text itself
    (which may be the child's own id)."""
    for lookup in _reference_lookups:
        found = lookup(reference)
        if found is not None:
            return found
    return reference
