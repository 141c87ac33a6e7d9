"""The only way to one action of a case's plan."""

from __future__ import annotations

import uuid

from django.utils.translation import gettext as _

from kinhaven.accounts.models import User
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audited_lookup
from kinhaven.cases.models import Case
from kinhaven.plans.models import PlanAction


def access_plan_action_by_id(
    user: User,
    case: Case,
    action_id: uuid.UUID | str,
    *,
    action: AuditAction = AuditAction.PLAN_READ_FOR_UPDATE,
) -> PlanAction:
    """Return an action of the plan of a case the user already holds (access_case_by_id), or
    raise NotFound.

    Security goal: an action is reached only through its own case, so an id of another case's
    plan answers like a missing one; every attempt is audited.
    """
    return audited_lookup(
        actor=user,
        queryset=PlanAction.objects.filter(plan__case=case).select_related(
            "plan__case", "deadline"
        ),
        public_id=action_id,
        object_type="plan_action",
        action=action,
        not_found=_("Action not found."),
    )
