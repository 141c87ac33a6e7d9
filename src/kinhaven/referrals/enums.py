from django.db import models
from django.utils.translation import gettext_lazy as _

from kinhaven.core.htcds import htcds_list


class ServiceKind(models.TextChoices):
    SHELTER = "shelter", _("Shelter")
    HEALTH = "health", _("Health")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")
    LEGAL_AID = "legal_aid", _("Legal aid")
    EDUCATION = "education", _("Education")
    INTERPRETATION = "interpretation", _("Interpretation")
    CULTURAL_MEDIATION = "cultural_mediation", _("Cultural mediation")
    ASYLUM = "asylum", _("Asylum procedure")


class ReferralStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    REVOKED = "revoked", _("Revoked")


# The referral workflow as data: who moves it (the sender or the receiver) and where to.
RECEIVER, SENDER = "receiver", "sender"
REFERRAL_TRANSITIONS: dict[str, dict[str, str]] = {
    ReferralStatus.PENDING: {
        ReferralStatus.ACCEPTED: RECEIVER,
        ReferralStatus.DECLINED: RECEIVER,
        ReferralStatus.REVOKED: SENDER,
    },
    ReferralStatus.ACCEPTED: {
        ReferralStatus.IN_PROGRESS: RECEIVER,
        ReferralStatus.COMPLETED: RECEIVER,
        ReferralStatus.REVOKED: SENDER,
    },
    ReferralStatus.IN_PROGRESS: {
        ReferralStatus.COMPLETED: RECEIVER,
        ReferralStatus.REVOKED: SENDER,
    },
    ReferralStatus.DECLINED: {},
    ReferralStatus.COMPLETED: {},
    ReferralStatus.REVOKED: {},
}
# While a referral is in these states, the receiving agency reads the shared sections.
SHARING: frozenset[str] = frozenset({ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS})
# Moves that need a written reason.
REASON_REQUIRED: frozenset[str] = frozenset({ReferralStatus.DECLINED, ReferralStatus.REVOKED})


@htcds_list("cas_ReasonForOutgoingReferral")
class ReferralReason(models.TextChoices):
    """Why a child is referred, as HTCDS 2.0 codes it (`cas_ReasonForOutgoingReferral`); the
    referral's own words say more."""

    ADDITIONAL_SERVICES = "AdditionalServicesRequired", _("The child needs services we do not give")
    MIGRATION = "MigrationOrChangeOfLocation", _("The child moves to another place or country")
    OTHER = "Other", _("Other")


class Consent(models.TextChoices):
    """The basis on which a referral shares the child's file: the child's consent, the child's
    assent with the guardian's consent, or an override recorded with its reason.

    HTCDS 2.0 records consent as one checkbox (`con_Consent`): ticked for the first two.
    """

    CHILD_CONSENT = "child_consent", _("The child consents")
    ASSENT_GUARDIAN_CONSENT = (
        "assent_guardian_consent",
        _("The child assents and the guardian consents"),
    )
    OVERRIDE = "override", _("Without consent (override, with the reason)")


class ReferralUrgency(models.TextChoices):
    """How soon the receiving agency answers: the deadline rules of its country say, by default
    24 hours for urgent and 5 working days for normal referrals."""

    URGENT = "urgent", _("Urgent")
    NORMAL = "normal", _("Normal")


class TransferStatus(models.TextChoices):
    """A transfer hands the whole case to another agency: it waits for the receiving agency's
    answer, or ends withdrawn by the sender."""

    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The transfer workflow as data: who answers (the receiver) or takes it back (the sender).
TRANSFER_TRANSITIONS: dict[str, dict[str, str]] = {
    TransferStatus.PENDING: {
        TransferStatus.ACCEPTED: RECEIVER,
        TransferStatus.REFUSED: RECEIVER,
        TransferStatus.WITHDRAWN: SENDER,
    },
    TransferStatus.ACCEPTED: {},
    TransferStatus.REFUSED: {},
    TransferStatus.WITHDRAWN: {},
}


class TransferConsent(models.TextChoices):
    """Who consented to the case going to another agency, or that consent was not sought (with
    the written justification)."""

    CHILD = "child", _("The child consented")
    GUARDIAN = "guardian", _("The guardian consented")
    NOT_SOUGHT = "not_sought", _("Consent not sought (write why)")


# A referral the sending agency still follows: a transfer of the case hands it over too.
OPEN_REFERRAL_STATUSES: frozenset[str] = frozenset(
    {ReferralStatus.PENDING, ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS}
)
# The case events of a transfer (registered by this app; the move itself is cases.moves's).
TRANSFER_SENT = "transfer_sent"
TRANSFER_ANSWERED = "transfer_answered"
