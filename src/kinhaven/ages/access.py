"""The only way to a single age assessment."""

from __future__ import annotations

import uuid

from django.db.models import Q
from django.utils.translation import gettext as _

from kinhaven.accounts.models import User
from kinhaven.ages.models import AgeAssessment
from kinhaven.ages.selectors import READ_SECTION, age_assessment_visibility_q
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audited_lookup
from kinhaven.children.selectors import child_section_access_for
from kinhaven.core.queries import NOTHING


def access_age_assessment_by_id(
    user: User,
    assessment_id: uuid.UUID | str,
    *,
    child_id: uuid.UUID | str,
    action: AuditAction = AuditAction.AGE_ASSESSMENT_READ,
) -> AgeAssessment:
    """Return an age assessment of the given child, if the user sees the child and reads the
    identity section of its file; raise NotFound otherwise.

    Security goal: an assessment tells whether a person is treated as a child, and its methods
    may hold health data; only those who read the child's identity reach it, under the child
    it belongs to. A hidden one, one of another child and a missing one answer alike, so ids
    cannot be probed, and every attempt is audited.
    """
    try:
        scope = Q(child__public_id=uuid.UUID(str(child_id)))
    except ValueError:
        scope = NOTHING
    return audited_lookup(
        actor=user,
        queryset=AgeAssessment.objects.filter(
            age_assessment_visibility_q(user), scope
        ).select_related("child", "child__agency"),
        public_id=assessment_id,
        object_type="age_assessment",
        action=action,
        not_found=_("Age assessment not found."),
        allow=lambda a: READ_SECTION in child_section_access_for(user, a.child).read,
    )
