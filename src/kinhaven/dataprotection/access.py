"""The only way to a single consent record."""

from __future__ import annotations

import uuid

from django.utils.translation import gettext as _

from kinhaven.accounts.models import User
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audited_lookup
from kinhaven.children.selectors import child_record_scope_q, child_section_access_for
from kinhaven.dataprotection.models import DataConsent
from kinhaven.dataprotection.selectors import READ_SECTION


def access_consent_by_id(
    user: User,
    consent_id: uuid.UUID | str,
    *,
    child_id: uuid.UUID | str,
    action: AuditAction = AuditAction.DATA_CONSENT_READ,
) -> DataConsent:
    """Return a consent record of the given child, if the user sees the child and reads the
    identity section of its file; raise NotFound otherwise (every attempt audited)."""
    return audited_lookup(
        actor=user,
        queryset=DataConsent.objects.filter(child_record_scope_q(user, child_id)).select_related(
            "child", "child__agency"
        ),
        public_id=consent_id,
        object_type="data_consent",
        action=action,
        not_found=_("Consent record not found."),
        allow=lambda c: READ_SECTION in child_section_access_for(user, c.child).read,
    )
