"""The only ways to a single durable-solution plan and a single step of one."""

from __future__ import annotations

import uuid

from django.utils.translation import gettext as _

from kinhaven.accounts.models import User
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audited_lookup
from kinhaven.children.selectors import (
    child_record_scope_q,
    child_section_access_for,
)
from kinhaven.solutions.models import Plan, PlanStep
from kinhaven.solutions.selectors import READ_SECTION


def access_plan_by_id(
    user: User,
    plan_id: uuid.UUID | str,
    *,
    child_id: uuid.UUID | str,
    action: AuditAction = AuditAction.SOLUTION_PLAN_READ,
) -> Plan:
    """Return a durable-solution plan of the given child, if the user sees the child and reads
    its care section; raise NotFound otherwise.

    Security goal: a plan tells where the child's future is decided to lie (a country, a
    family); only those who read the child's care section reach it, under the child it belongs
    to. Hidden, foreign and missing ones answer alike, and every attempt is audited.
    """
    return audited_lookup(
        actor=user,
        queryset=Plan.objects.filter(child_record_scope_q(user, child_id, "")).select_related(
            "child", "child__agency", "case"
        ),
        public_id=plan_id,
        object_type="solution_plan",
        action=action,
        not_found=_("Plan not found."),
        allow=lambda p: READ_SECTION in child_section_access_for(user, p.child).read,
    )


def access_step_by_id(
    user: User,
    step_id: uuid.UUID | str,
    *,
    child_id: uuid.UUID | str,
    action: AuditAction = AuditAction.SOLUTION_STEP_READ,
) -> PlanStep:
    """Return a step of a plan of the given child, as access_plan_by_id."""
    return audited_lookup(
        actor=user,
        queryset=PlanStep.objects.filter(
            child_record_scope_q(user, child_id, "plan__")
        ).select_related("plan", "plan__child", "plan__child__agency", "owner"),
        public_id=step_id,
        object_type="solution_step",
        action=action,
        not_found=_("Step not found."),
        allow=lambda s: READ_SECTION in child_section_access_for(user, s.plan.child).read,
    )
