from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinhaven.children.enums import Sex
from kinhaven.core.models import BaseModel
from kinhaven.identification.enums import DecisionMakingOrg, TraffickingStatus
from kinhaven.intake.enums import (
    URGENT,
    Accompanied,
    AgeStatus,
    Channel,
    ChildDocuments,
    ReportStatus,
    Urgency,
)


class Report(BaseModel):
    """A report of a child who may be at risk or trafficked, from any channel.

    The reporter need not say who they are. No network address is stored: the public page's
    rate limit keeps only a keyed hash of it, in the cache, for the length of its window.
    """

    # Sent again with a retried submission, so that a retry never makes a second report. Unique
    # per submitter only (see Meta): a token is a caller's own retry key, never a way to find
    # out whether someone else used it.
    client_token = models.UUIDField(null=True, blank=True, editable=False)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.RECEIVED
    )
    urgency = models.CharField(_("urgency"), max_length=30, choices=Urgency.choices)
    # What the urgency rules (intake/urgency.py) gave when last applied: the grade, the rules
    # that fired and the child's vulnerability; the page and the API show why from it.
    urgency_basis = models.JSONField(_("urgency by the rules"), default=dict, blank=True)
    received_at = models.DateTimeField(_("received"))
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="reports")
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.SET_NULL, related_name="reports", null=True, blank=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    # What happened, where, and how urgent the reporter thinks it is.
    what_happened = models.TextField(_("what happened"))
    location = models.CharField(_("where"), max_length=300, blank=True)
    immediate_danger = models.BooleanField(_("the child is in danger now"), default=False)
    child_missing = models.BooleanField(_("the child is missing"), default=False)
    exploitation_types = models.JSONField(_("suspected exploitation"), default=list, blank=True)

    # The child, as far as known; every field may stay empty.
    child_given_name = models.CharField(_("child's given name"), max_length=200, blank=True)
    child_family_name = models.CharField(_("child's family name"), max_length=200, blank=True)
    child_sex = models.CharField(
        _("child's sex"), max_length=1, choices=Sex.choices, default=Sex.UNKNOWN
    )
    child_age_estimate = models.PositiveSmallIntegerField(
        _("child's age (estimate)"), null=True, blank=True
    )
    child_date_of_birth = models.CharField(_("child's date of birth"), max_length=10, blank=True)
    child_nationality = models.CharField(_("child's nationality"), max_length=3, blank=True)
    child_languages = models.JSONField(_("languages the child speaks"), default=list, blank=True)
    child_description = models.TextField(_("description of the child"), blank=True)
    accompanied = models.CharField(
        _("accompanied"), max_length=20, choices=Accompanied.choices, default=Accompanied.UNKNOWN
    )
    child_documents = models.CharField(
        _("identity papers"),
        max_length=10,
        choices=ChildDocuments.choices,
        default=ChildDocuments.UNKNOWN,
    )
    age_status = models.CharField(
        _("age"), max_length=20, choices=AgeStatus.choices, default=AgeStatus.PRESUMED_CHILD
    )

    # The reporter, only if they choose to say.
    reporter_name = models.CharField(_("reporter's name"), max_length=200, blank=True)
    reporter_contact = models.CharField(_("reporter's contact"), max_length=200, blank=True)
    reporter_relationship = models.CharField(
        _("reporter's relationship to the child"), max_length=200, blank=True
    )

    # Triage
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    triaged_at = models.DateTimeField(_("triaged"), null=True, blank=True)
    triage_note = models.TextField(_("triage note"), blank=True)

    # Indicator screening (ILO): what was found and what the combination suggests.
    indicators = models.JSONField(_("indicators"), default=list, blank=True)
    screening = models.JSONField(_("screening result"), default=dict, blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    screened_at = models.DateTimeField(_("screened"), null=True, blank=True)

    # The latest identification decision taken on the report, by a person: HTCDS
    # vic_TraffickingStatus and vic_TraffickingStatusDecisionMakingOrg. Before the report opens
    # a case it waits here; from then on each decision is a record on the child's
    # identification (identification_decision, the latest), and these fields repeat it.
    trafficking_status = models.CharField(
        _("identification decision"), max_length=40, choices=TraffickingStatus.choices, blank=True
    )
    decision_body_type = models.CharField(
        _("deciding body (type)"), max_length=40, choices=DecisionMakingOrg.choices, blank=True
    )
    decision_body_name = models.CharField(_("deciding body"), max_length=200, blank=True)
    decision_reasons = models.TextField(_("reasons"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    identification_decision = models.ForeignKey(
        "identification.IdentificationDecision",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    # Outcome
    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="reports", null=True, blank=True
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="reports", null=True, blank=True
    )
    converted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    converted_at = models.DateTimeField(_("case opened"), null=True, blank=True)
    closed_reason = models.TextField(_("reason for closing"), blank=True)

    class Meta:
        verbose_name = _("report")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "status", "received_at"]),
            models.Index(fields=["submitted_by", "received_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["submitted_by", "client_token"],
                condition=models.Q(submitted_by__isnull=False, client_token__isnull=False),
                name="report_client_token_unique_per_submitter",
            ),
            # The public page has no submitter: its tokens share one scope of their own.
            models.UniqueConstraint(
                fields=["client_token"],
                condition=models.Q(submitted_by__isnull=True, client_token__isnull=False),
                name="report_client_token_unique_public",
            ),
        ]

    def __str__(self) -> str:
        return self.reference or str(self.public_id)

    @property
    def reference(self) -> str:
        """The number reporters quote: the year received and the row's own number, so that
        taking a report needs no second write."""
        if self.pk is None:
            return ""
        return f"R-{self.received_at:%Y}-{self.pk:06d}"

    @property
    def is_urgent(self) -> bool:
        return self.urgency in URGENT

    @property
    def presumed_child(self) -> bool:
        return self.age_status != AgeStatus.ASSESSED_ADULT

    @property
    def child_name(self) -> str:
        return " ".join(p for p in (self.child_given_name, self.child_family_name) if p)
