"""The only way to a single proceeding."""

from __future__ import annotations

import uuid

from django.utils.translation import gettext as _

from kinhaven.accounts.enums import Section
from kinhaven.accounts.models import User
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audited_lookup
from kinhaven.children.selectors import child_section_access_for
from kinhaven.legal.models import LegalTask, Proceeding, ResidencePermit
from kinhaven.legal.selectors import legal_task_visibility_q, proceeding_visibility_q


def access_proceeding_by_id(
    user: User, proceeding_id: uuid.UUID | str, *, action: AuditAction = AuditAction.PROCEEDING_READ
) -> Proceeding:
    """Return a proceeding of a child the user sees, if the user reads the legal section of the
    child's file; raise NotFound otherwise.

    Security goal: a proceeding tells what a child faces before courts and authorities; only
    those who read the legal section reach it, a hidden one answers like a missing one, and
    every attempt is audited.
    """
    return audited_lookup(
        actor=user,
        queryset=Proceeding.objects.filter(proceeding_visibility_q(user)).select_related("child"),
        public_id=proceeding_id,
        object_type="proceeding",
        action=action,
        not_found=_("Proceeding not found."),
        allow=lambda p: Section.LEGAL in child_section_access_for(user, p.child).read,
    )


def access_permit_by_id(
    user: User, permit_id: uuid.UUID | str, *, action: AuditAction = AuditAction.PERMIT_READ
) -> ResidencePermit:
    """Return a residence permit of a child the user sees, if the user reads the legal section
    of the child's file; raise NotFound otherwise.

    Security goal: a permit tells the child's residence status; only those who read the legal
    section reach it, a hidden one answers like a missing one, and every attempt is audited.
    """
    return audited_lookup(
        actor=user,
        queryset=ResidencePermit.objects.filter(proceeding_visibility_q(user)).select_related(
            "child"
        ),
        public_id=permit_id,
        object_type="permit",
        action=action,
        not_found=_("Residence permit not found."),
        allow=lambda p: Section.LEGAL in child_section_access_for(user, p.child).read,
    )


def access_legal_task_by_id(
    user: User,
    task_id: uuid.UUID | str,
    *,
    action: AuditAction = AuditAction.LEGAL_TASK_READ_FOR_UPDATE,
) -> LegalTask:
    """Return a task on a child's legal tracks, if the user reads the legal section of the
    child's file; raise NotFound otherwise.

    Security goal: a task names what a child faces (a permit tied to proceedings, a prosecution
    despite being a victim); only those who read the legal section reach it, a hidden one answers
    like a missing one, and every attempt is audited.
    """
    return audited_lookup(
        actor=user,
        queryset=LegalTask.objects.filter(legal_task_visibility_q(user)).select_related(
            "child", "owner"
        ),
        public_id=task_id,
        object_type="legal_task",
        action=action,
        not_found=_("Task not found."),
        allow=lambda t: Section.LEGAL in child_section_access_for(user, t.child).read,
    )
