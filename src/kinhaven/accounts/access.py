"""The only way to one user account for those who manage accounts."""

from __future__ import annotations

import uuid

from django.utils.translation import gettext as _

from kinhaven.accounts.models import User
from kinhaven.accounts.selectors import user_list_for_manager
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audited_lookup


def access_user_by_id(
    actor: User, user_id: uuid.UUID | str, *, action: AuditAction = AuditAction.USER_READ
) -> User:
    """Return a user account the actor manages, or raise NotFound.

    Security goal: an administrator manages the accounts of their own agency only. Another
    agency's account, a missing one and a malformed id answer alike, so accounts cannot be
    probed; every attempt is audited.
    """
    return audited_lookup(
        actor=actor,
        queryset=user_list_for_manager(actor=actor),
        public_id=user_id,
        object_type="user",
        action=action,
        not_found=_("User not found."),
    )
