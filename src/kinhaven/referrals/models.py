from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinhaven.children.enums import Sex
from kinhaven.core.models import BaseModel
from kinhaven.referrals.enums import (
    Consent,
    ReferralReason,
    ReferralStatus,
    ReferralUrgency,
    ServiceKind,
    TransferConsent,
    TransferStatus,
)


class Service(BaseModel):
    """A service an agency offers: what, where, for whom, in which languages, how many places."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="services")
    kind = models.CharField(_("kind"), max_length=30, choices=ServiceKind.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    location = models.CharField(_("where"), max_length=200, blank=True)
    languages = models.JSONField(_("languages (ISO 639)"), default=list, blank=True)
    min_age = models.PositiveSmallIntegerField(_("from age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("to age"), null=True, blank=True)
    # Sexes served (F, M, X); empty: everyone.
    sexes = models.JSONField(_("for"), default=list, blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def places_free(self) -> int | None:
        """Free places, where the directory query counted the taken ones and a capacity is set."""
        taken = getattr(self, "places_taken", None)
        if self.capacity is None or taken is None:
            return None
        return max(self.capacity - int(taken), 0)

    @property
    def sex_labels(self) -> str:
        """The sexes the service takes, by their labels ("Female, Male")."""
        return ", ".join(str(Sex(code).label) for code in self.sexes if code in Sex.values)


class Referral(BaseModel):
    """A case's referral to another agency's service, with the parts of the file it shares.

    HTCDS referral fields: date (created_at), referring and receiving organisation, service type,
    reason, status and consent.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="referrals")
    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="referrals")
    from_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="referrals_sent"
    )
    to_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="referrals_received"
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="referrals", null=True, blank=True
    )
    service_kind = models.CharField(_("service"), max_length=30, choices=ServiceKind.choices)
    reason = models.TextField(_("reason"))
    # HTCDS cas_ReasonForOutgoingReferral (referrals.enums.ReferralReason).
    reason_code = models.CharField(
        _("reason (HTCDS)"), max_length=40, default="AdditionalServicesRequired"
    )
    urgency = models.CharField(_("urgency"), max_length=10, choices=ReferralUrgency.choices)
    sections = models.JSONField(_("shared sections"), default=list)
    consent = models.CharField(_("consent"), max_length=30, choices=Consent.choices)
    consent_note = models.TextField(_("consent: note or reason for the override"), blank=True)
    response_due_at = models.DateTimeField(_("answer due"))
    status = models.CharField(
        _("status"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.PENDING
    )
    status_reason = models.TextField(_("reason for the last change"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    grant = models.ForeignKey(
        "children.ChildAccessGrant",
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("referral")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["to_agency", "status"]),
            models.Index(fields=["from_agency", "status"]),
        ]

    @property
    def reason_code_label(self) -> str:
        """The HTCDS reason in words (an unknown code as it is)."""
        if self.reason_code in ReferralReason.values:
            return str(ReferralReason(self.reason_code).label)
        return self.reason_code

    def __str__(self) -> str:
        return f"Referral {self.public_id}"


class Transfer(BaseModel):
    """The hand-over of a whole case to another agency, which accepts or refuses it.

    While it waits, the receiving agency sees only what it needs to decide (the child's age band
    and sex, the needs, the urgency, the reasons); once accepted, the case, its child's record
    and everything on them belong to the receiving agency, and the sender loses its access.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="transfers")
    from_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="transfers_sent"
    )
    to_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="transfers_received"
    )
    reasons = models.TextField(_("reasons"))
    # Kinds of service the child needs (ServiceKind).
    needs = models.JSONField(_("needs"), default=list)
    urgency = models.CharField(_("urgency"), max_length=10, choices=ReferralUrgency.choices)
    consent = models.CharField(_("consent"), max_length=20, choices=TransferConsent.choices)
    consent_note = models.TextField(_("why consent was not sought"), blank=True)
    note = models.TextField(_("note to the receiving agency"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=TransferStatus.choices, default=TransferStatus.PENDING
    )
    answer_reasons = models.TextField(_("reasons for the answer"), blank=True)
    response_due_at = models.DateTimeField(_("answer due"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # Who took the case on acceptance (none: left unassigned, for the agency's supervisors).
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        verbose_name = _("transfer")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["to_agency", "status"]),
            models.Index(fields=["from_agency", "status"]),
        ]
        constraints = [
            # One transfer waiting for an answer per case.
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status="pending"),
                name="referrals_transfer_one_pending_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"Transfer {self.public_id}"
