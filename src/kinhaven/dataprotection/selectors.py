"""Scoped reads of a child's consents to data processing: for those who read the identity
section of the child's file."""

from __future__ import annotations

from django.db.models import QuerySet

from kinhaven.accounts.enums import Section
from kinhaven.accounts.models import User
from kinhaven.children.models import Child
from kinhaven.children.sections import SectionAccess
from kinhaven.children.selectors import child_section_access_for
from kinhaven.dataprotection.models import DataConsent

READ_SECTION = Section.IDENTITY


def consents_for_child(
    *, user: User, child: Child, access: SectionAccess | None = None
) -> QuerySet[DataConsent]:
    """The child's consent records, newest first (the caller holds the child through
    access_child_by_id), if the user reads the identity section; none otherwise."""
    access = access or child_section_access_for(user, child)
    if READ_SECTION not in access.read:
        return DataConsent.objects.none()
    return DataConsent.objects.filter(child=child)
