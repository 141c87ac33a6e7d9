"""The only way to a single placement."""

from __future__ import annotations

import uuid

from django.db.models import Q
from django.utils.translation import gettext as _

from kinhaven.accounts.models import User
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audited_lookup
from kinhaven.care.models import Placement
from kinhaven.care.selectors import READ_SECTION, placement_visibility_q
from kinhaven.children.selectors import child_section_access_for
from kinhaven.core.queries import NOTHING


def access_placement_by_id(
    user: User,
    placement_id: uuid.UUID | str,
    *,
    child_id: uuid.UUID | str,
    action: AuditAction = AuditAction.PLACEMENT_READ,
) -> Placement:
    """Return a placement of the given child, if the user sees the child and reads the care
    section of its file; raise NotFound otherwise.

    Security goal: a placement tells where a child lives; only those who read the child's care
    section reach it, under the child it belongs to. A hidden one, one of another child and a
    missing one answer alike, so ids cannot be probed, and every attempt is audited.
    """
    try:
        scope = Q(child__public_id=uuid.UUID(str(child_id)))
    except ValueError:
        scope = NOTHING
    return audited_lookup(
        actor=user,
        queryset=Placement.objects.filter(placement_visibility_q(user), scope).select_related(
            "child", "child__agency", "service", "case"
        ),
        public_id=placement_id,
        object_type="placement",
        action=action,
        not_found=_("Placement not found."),
        allow=lambda p: READ_SECTION in child_section_access_for(user, p.child).read,
    )
