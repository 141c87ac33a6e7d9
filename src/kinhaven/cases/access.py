"""The only way to a single case."""

from __future__ import annotations

import uuid

from django.utils.translation import gettext as _

from kinhaven.accounts.models import User
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audited_lookup
from kinhaven.cases.models import Case
from kinhaven.cases.selectors import case_visibility_q


def access_case_by_id(
    user: User, case_id: uuid.UUID | str, *, action: AuditAction = AuditAction.CASE_READ
) -> Case:
    """Return a case the user may see, or raise NotFound.

    Security goal: a case the user may not see is indistinguishable from one that does not
    exist, so ids cannot be probed; every attempt, allowed or denied, is audited.
    """
    queryset = Case.objects.filter(case_visibility_q(user)).select_related(
        "child", "agency", "team", "assigned_to__role", "opened_by"
    )
    return audited_lookup(
        actor=user,
        queryset=queryset,
        public_id=case_id,
        object_type="case",
        action=action,
        not_found=_("Case not found."),
    )
