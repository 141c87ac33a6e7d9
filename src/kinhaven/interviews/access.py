"""The only way to a single interview."""

from __future__ import annotations

import uuid

from django.utils.translation import gettext as _

from kinhaven.accounts.models import User
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audited_lookup
from kinhaven.children.selectors import child_record_scope_q, child_section_access_for
from kinhaven.interviews.models import Interview
from kinhaven.interviews.selectors import READ_SECTION


def access_interview_by_id(
    user: User,
    interview_id: uuid.UUID | str,
    *,
    child_id: uuid.UUID | str,
    action: AuditAction = AuditAction.INTERVIEW_READ,
) -> Interview:
    """Return an interview of the given child, if the user sees the child and reads the
    interviews section of its file; raise NotFound otherwise.

    Security goal: a forensic interview holds what a child said of what was done to them; only
    those who read the interviews section reach it, under the child it belongs to. A hidden one,
    one of another child and a missing one answer alike, and every attempt is audited.
    """
    return audited_lookup(
        actor=user,
        queryset=Interview.objects.filter(child_record_scope_q(user, child_id)).select_related(
            "child", "child__agency", "case", "proceeding", "approved_by", "planned_by"
        ),
        public_id=interview_id,
        object_type="interview",
        action=action,
        not_found=_("Interview not found."),
        allow=lambda i: READ_SECTION in child_section_access_for(user, i.child).read,
    )
