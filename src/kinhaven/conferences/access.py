"""The only way to a single action item."""

from __future__ import annotations

import uuid

from django.utils.translation import gettext as _

from kinhaven.accounts.models import User
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audited_lookup
from kinhaven.conferences.models import ActionItem
from kinhaven.conferences.selectors import action_visibility_q


def access_action_item_by_id(
    user: User, item_id: uuid.UUID | str, *, action: AuditAction = AuditAction.ACTION_READ
) -> ActionItem:
    """Return an action item the user owns or sees with its case, or raise NotFound.

    Security goal: a task names a case and what is to be done for a child; only its owner and
    those who see the case reach it, a hidden one answers like a missing one, and every attempt
    is audited.
    """
    return audited_lookup(
        actor=user,
        queryset=ActionItem.objects.filter(action_visibility_q(user)).select_related("case"),
        public_id=item_id,
        object_type="action",
        action=action,
        not_found=_("Task not found."),
    )
