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
