"""The referral and transfer workflows: the tables of moves in enums, with who may take each
side's moves."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import User
from kinhaven.accounts.services import capability_require
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.core.workflow import Workflow
from kinhaven.referrals.enums import (
    RECEIVER,
    REFERRAL_TRANSITIONS,
    SENDER,
    TRANSFER_TRANSITIONS,
    ReferralStatus,
    TransferStatus,
)
from kinhaven.referrals.models import Referral, Transfer


def _side_require(actor: User, agency_id: int, capability: Capability) -> None:
    capability_require(actor, capability)
    if actor.agency_id != agency_id:
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED, _("The other agency makes this move."), field="to"
        )


def _receiver(actor: User, referral: Referral) -> None:
    """The receiving agency answers and carries out the referral."""
    _side_require(actor, referral.to_agency_id, Capability.REFERRAL_RESPOND)


def _sender(actor: User, referral: Referral) -> None:
    """The sending agency, which holds the case, may take its referral back."""
    _side_require(actor, referral.from_agency_id, Capability.CASE_EDIT)


REFERRAL_WORKFLOW = Workflow(
    name="referral",
    states=ReferralStatus,
    transitions=REFERRAL_TRANSITIONS,
    guards={RECEIVER: _receiver, SENDER: _sender},
    error_field="to",
    not_allowed=gettext_lazy("A referral cannot move from “%(source)s” to “%(target)s”."),
    conflict=gettext_lazy("The referral was changed meanwhile; reload."),
)


def _transfer_receiver(actor: User, transfer: Transfer) -> None:
    """The receiving agency's holders of the transfer capability answer a transfer."""
    _side_require(actor, transfer.to_agency_id, Capability.CASE_TRANSFER)


def _transfer_sender(actor: User, transfer: Transfer) -> None:
    """The sending agency's holders of the transfer capability may take it back."""
    _side_require(actor, transfer.from_agency_id, Capability.CASE_TRANSFER)


TRANSFER_WORKFLOW = Workflow(
    name="transfer",
    states=TransferStatus,
    transitions=TRANSFER_TRANSITIONS,
    guards={RECEIVER: _transfer_receiver, SENDER: _transfer_sender},
    error_field="status",
    not_allowed=gettext_lazy("A transfer cannot move from “%(source)s” to “%(target)s”."),
    conflict=gettext_lazy("The transfer was answered or withdrawn meanwhile; reload."),
)
