"""The only way to a child's identification."""

from __future__ import annotations

import uuid

from django.utils.translation import gettext as _

from kinhaven.accounts.models import User
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_consultation
from kinhaven.children.access import access_child_by_id
from kinhaven.children.models import Child
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.identification.selectors import IdentificationView, identification_for_user


def access_identification_by_child_id(
    user: User,
    child_id: uuid.UUID | str,
    *,
    action: AuditAction = AuditAction.IDENTIFICATION_READ,
) -> tuple[Child, IdentificationView]:
    """Return a child the user sees and the child's identification, if the user may read it
    (selectors.identification_readable); raise NotFound for a child out of sight, and
    PermissionDenied for an identification the user may not read.

    Security goal: whether a child was found to be a victim of trafficking, by whom and on what
    evidence, is read only by those who read the legal section of the file, or who decide on
    identification for the agency that holds it; the child answers like a missing one to anyone
    who may not see it, and every attempt and every decision shown is audited.
    """
    child = access_child_by_id(user, child_id, action=action)
    view = identification_for_user(user=user, child=child)
    if view is None:
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED,
            _("You may not read this child's identification: it is part of the legal section."),
        )
    audit_consultation(
        actor=user, object_type="identification_decision", records=view.status.decisions
    )
    return child, view
