"""The only way to a single deadline."""

from __future__ import annotations

import uuid

from django.utils.translation import gettext as _

from kinhaven.accounts.models import User
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audited_lookup
from kinhaven.deadlines.models import Deadline
from kinhaven.deadlines.selectors import deadline_visibility_q


def access_deadline_by_id(
    user: User, deadline_id: uuid.UUID | str, *, action: AuditAction = AuditAction.DEADLINE_READ
) -> Deadline:
    """Return a deadline on a case or report the user may see, or raise NotFound.

    Security goal: a deadline tells that a child's case exists and what stage it is at, so it is
    reached only with its case or report, answers like a missing one otherwise, and is audited.
    """
    return audited_lookup(
        actor=user,
        queryset=Deadline.objects.filter(deadline_visibility_q(user)).select_related(
            "case", "report", "agency", "team"
        ),
        public_id=deadline_id,
        object_type="deadline",
        action=action,
        not_found=_("Deadline not found."),
    )
