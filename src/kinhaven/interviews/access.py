"""The only way to a single interview."""

from __future__ import annotations

import uuid

from django.db.models import Q
from django.utils.translation import gettext as _

from kinhaven.accounts.models import User
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audited_lookup
from kinhaven.children.selectors import child_record_scope_q, child_section_access_for
from kinhaven.interviews.models import Interview, Recording
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


def access_recording_by_id(
    user: User,
    recording_id: uuid.UUID | str,
    *,
    child_id: uuid.UUID | str,
    interview_id: uuid.UUID | str,
    action: AuditAction = AuditAction.RECORDING_READ,
) -> Recording:
    """Return a recording of the given interview of the given child, if the user sees the child
    and reads the interviews section of its file; raise NotFound otherwise.

    Security goal: a recording is the child's own voice and face telling what was done to them;
    only those who read the interviews section reach it, under its interview and child. A hidden
    one, one of another interview and a missing one answer alike, and every attempt is audited.
    """
    try:
        interview_scope = Q(interview__public_id=uuid.UUID(str(interview_id)))
    except ValueError:
        interview_scope = Q(pk__in=[])
    return audited_lookup(
        actor=user,
        queryset=Recording.objects.filter(
            interview_scope, child_record_scope_q(user, child_id, prefix="interview__")
        ).select_related("interview", "interview__child", "interview__case", "uploaded_by"),
        public_id=recording_id,
        object_type="recording",
        action=action,
        not_found=_("Recording not found."),
        allow=lambda r: READ_SECTION in child_section_access_for(user, r.interview.child).read,
    )
