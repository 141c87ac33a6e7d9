"""Scoped reads of a child's interviews: for those who read the interviews section of the
child's file."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from kinhaven.accounts.enums import Section
from kinhaven.accounts.models import User
from kinhaven.children.models import Child
from kinhaven.children.sections import SectionAccess
from kinhaven.children.selectors import child_section_access_for, child_visibility_q
from kinhaven.core.validation import in_words
from kinhaven.interviews.enums import COUNTED_STATUSES
from kinhaven.interviews.models import Interview

READ_SECTION = Section.INTERVIEWS


def interview_visibility_q(user: User) -> Q:
    """Interviews of the children the user sees; the interviews section is checked per child."""
    return Q(child__in=Child.objects.filter(child_visibility_q(user)))


def interviews_for_child(
    *, user: User, child: Child, access: SectionAccess | None = None
) -> QuerySet[Interview]:
    """The child's interviews, earliest first, if the user reads the interviews section of the
    child's file (the caller holds the child through access_child_by_id); none otherwise."""
    access = access or child_section_access_for(user, child)
    if READ_SECTION not in access.read:
        return Interview.objects.none()
    return Interview.objects.filter(child=child).select_related("proceeding", "approved_by")


def same_matter(interview: Interview, matter: str, proceeding_id: int | None) -> bool:
    """Whether the interview is on this matter: it serves the same criminal proceeding, or its
    matter reads the same (an interview held before the proceeding was recorded, on the same
    matter, counts: the child was heard on it)."""
    if proceeding_id is not None and interview.proceeding_id == proceeding_id:
        return True
    return in_words(interview.matter) == in_words(matter)


def interviews_on_matter(
    *, child: Child, matter: str, proceeding_id: int | None
) -> list[Interview]:
    """The child's interviews on a matter that count (planned, awaiting approval or held),
    earliest first: earlier ones make a new one a repeat (unscoped: for the rule)."""
    counted = Interview.objects.filter(child=child, status__in=COUNTED_STATUSES).order_by(
        "planned_at", "id"
    )
    return [i for i in counted if same_matter(i, matter, proceeding_id)]
