"""Reads of conferences and tasks."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from kinhaven.accounts.models import User
from kinhaven.cases.models import Case
from kinhaven.cases.selectors import case_visibility_q
from kinhaven.conferences.models import ActionItem, Conference
from kinhaven.core.queries import NOTHING


def conferences_for_case(*, case: Case) -> QuerySet[Conference]:
    """Conferences of a case the caller already holds through access_case_by_id."""
    return (
        Conference.objects.filter(case=case)
        .select_related("interpreter_service")
        .prefetch_related("participants__user__role", "actions__owner__role")
    )


def action_visibility_q(user: User) -> Q:
    """A task is seen by its owner, and with its case."""
    if not user.is_active:
        return NOTHING
    return Q(owner_id=user.pk) | case_visibility_q(user, prefix="case__")


def task_list_for_user(*, user: User, done: bool = False) -> QuerySet[ActionItem]:
    """The user's own action items, the soonest due first."""
    return (
        ActionItem.objects.filter(owner=user, done_at__isnull=not done)
        .select_related("case", "conference")
        .order_by("due_on", "id")
    )
