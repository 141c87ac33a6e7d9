"""The only way to a single child's record."""

from __future__ import annotations

import uuid

from django.utils.translation import gettext as _

from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import User
from kinhaven.accounts.services import capability_require
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audited_lookup
from kinhaven.children.grants import break_glass_scope_q
from kinhaven.children.models import Child
from kinhaven.children.sections import SectionAccess
from kinhaven.children.selectors import child_section_access_for, child_visibility_q
from kinhaven.core.errors import ApplicationError, ErrorCode


def access_child_by_id(
    user: User, child_id: uuid.UUID | str, *, action: AuditAction = AuditAction.CHILD_READ
) -> Child:
    """Return a child's record the user may see, or raise NotFound.

    Security goal: a record the user may not see answers exactly like one that does not exist,
    so ids cannot be probed; every attempt, allowed or denied, leaves an audit entry.
    """
    queryset = (
        Child.objects.filter(child_visibility_q(user))
        .select_related("agency", "registered_by")
        .prefetch_related("aliases", "documents")
    )
    return audited_lookup(
        actor=user,
        queryset=queryset,
        public_id=child_id,
        object_type="child",
        action=action,
        not_found=_("Child not found."),
    )


def access_child_for_break_glass(user: User, child_id: uuid.UUID | str) -> Child:
    """Return a child's record for a break-glass request, or raise NotFound.

    Security goal: only users whose role carries the break-glass capability reach records
    outside their relationships this way, and only through child_break_glass, which demands a
    reason, limits the time and reports the access; every attempt is audited. Records of
    another agency are reachable only where that agency allowed break-glass to the user's
    agency (BreakGlassAgreement); elsewhere they answer exactly like a missing record, so ids
    cannot be probed.
    """
    capability_require(user, Capability.BREAK_GLASS)
    return audited_lookup(
        actor=user,
        queryset=Child.objects.filter(break_glass_scope_q(user)).select_related("agency"),
        public_id=child_id,
        object_type="child",
        action=AuditAction.CHILD_READ_FOR_BREAK_GLASS,
        not_found=_("Child not found."),
    )


def child_edit_require(user: User, child: Child) -> SectionAccess:
    """Return what the user may write of a child's record they already reached through
    access_child_by_id, or refuse (403) a user who may write none of it.

    Security goal: seeing a record is not changing it. A relationship that only reads (break-
    glass, a referral) never reaches a write, not even an empty one that would leave an update
    in the record's history.
    """
    capability_require(user, Capability.CHILD_EDIT)
    access = child_section_access_for(user, child)
    if not access.write:
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED, _("You may read this child's file but not change it.")
        )
    return access
