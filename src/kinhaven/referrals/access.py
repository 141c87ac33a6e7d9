"""The only way to a single referral or transfer."""

from __future__ import annotations

import uuid

from django.utils.translation import gettext as _

from kinhaven.accounts.models import User
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audited_lookup
from kinhaven.referrals.models import Referral, Transfer
from kinhaven.referrals.selectors import referral_visibility_q, transfer_visibility_q


def access_referral_by_id(
    user: User, referral_id: uuid.UUID | str, *, action: AuditAction = AuditAction.REFERRAL_READ
) -> Referral:
    """Return a referral the user may see, or raise NotFound.

    Security goal: a referral names a child and why they need help; only the sending agency
    (with the case) and the receiving agency's responders reach it, a hidden one answers like a
    missing one, and every attempt is audited.
    """
    return audited_lookup(
        actor=user,
        queryset=Referral.objects.filter(referral_visibility_q(user)).select_related(
            "from_agency", "to_agency", "service", "case", "child", "grant", "created_by"
        ),
        public_id=referral_id,
        object_type="referral",
        action=action,
        not_found=_("Referral not found."),
    )


def access_transfer_by_id(
    user: User, transfer_id: uuid.UUID | str, *, action: AuditAction = AuditAction.TRANSFER_READ
) -> Transfer:
    """Return a transfer the user may see, or raise NotFound.

    Security goal: a transfer offers a child's case to another agency; only the holders of the
    transfer capability at the receiving agency, and at the sending agency those who see the
    case or sent it, reach it; a hidden one answers like a missing one, and every attempt is
    audited.
    """
    return audited_lookup(
        actor=user,
        queryset=Transfer.objects.filter(transfer_visibility_q(user)).select_related(
            "from_agency", "to_agency", "case", "case__child", "created_by", "assigned_to"
        ),
        public_id=transfer_id,
        object_type="transfer",
        action=action,
        not_found=_("Transfer not found."),
    )
