"""The only way to a single report."""

from __future__ import annotations

import uuid

from django.utils.translation import gettext as _

from kinhaven.accounts.models import User
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audited_lookup
from kinhaven.intake.models import Report
from kinhaven.intake.selectors import report_visibility_q


def access_report_by_id(
    user: User, report_id: uuid.UUID | str, *, action: AuditAction = AuditAction.REPORT_READ
) -> Report:
    """Return a report the user may see, or raise NotFound.

    Security goal: reports hold a child's first account and sometimes the reporter's identity;
    only the triagers of the receiving agency and the person who took the report reach one, a
    hidden report answers like a missing one, and every attempt is audited.
    """
    return audited_lookup(
        actor=user,
        queryset=Report.objects.filter(report_visibility_q(user)).select_related(
            "team", "agency", "submitted_by", "case", "child"
        ),
        public_id=report_id,
        object_type="report",
        action=action,
        not_found=_("Report not found."),
    )
