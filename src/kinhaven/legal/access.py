"""The only way to a single proceeding."""

from __future__ import annotations

import uuid

from django.utils.translation import gettext as _

from kinhaven.accounts.enums import Section
from kinhaven.accounts.models import User
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audited_lookup
from kinhaven.children.selectors import child_section_access_for
from kinhaven.legal.models import Proceeding
from kinhaven.legal.selectors import proceeding_visibility_q


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
