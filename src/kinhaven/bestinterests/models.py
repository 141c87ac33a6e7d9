"""Best-interests assessments (with their versions) and determinations (with their panels)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinhaven.bestinterests.enums import HeardHow, Position, VersionStatus
from kinhaven.core.encryption import EncryptedTextField, RecordKeyField
from kinhaven.core.models import BaseModel


class Discipline(models.Model):
    """A discipline a panel member brings (data, with defaults in migration 0002)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label = models.CharField(_("label"), max_length=120)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("discipline")
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


class BestInterestsAssessment(BaseModel):
    """The BIA of a case: opened with it; its versions hold the content."""

    child = models.ForeignKey(
        "children.Child", on_delete=models.CASCADE, related_name="best_interests_assessments"
    )
    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="best_interests_assessment"
    )
    opened_at = models.DateTimeField(_("opened"))

    class Meta:
        verbose_name = _("best-interests assessment")
        ordering = ["-opened_at", "-id"]

    def __str__(self) -> str:
        return str(self.public_id)


class ChildViews(models.Model):
    """The child's views, how they were heard, in which language and with whom present."""

    child_views = EncryptedTextField(_("the child's views"), blank=True)
    heard_how = models.CharField(_("how the child was heard"), max_length=20, choices=HeardHow)
    heard_language = models.CharField(_("language (ISO 639)"), max_length=3, blank=True)
    heard_with = models.CharField(_("who was present"), max_length=300, blank=True)

    # The record's own key, wrapped: its text is encrypted at rest with it.
    data_key = RecordKeyField()

    class Meta:
        abstract = True


class AssessmentVersion(ChildViews, BaseModel):
    """One version of a BIA, kept as recorded; a change is a new version."""

    assessment = models.ForeignKey(
        BestInterestsAssessment, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=20, choices=VersionStatus, default=VersionStatus.DRAFT
    )
    safety_risks = EncryptedTextField(_("safety and risks"))
    family_relationships = EncryptedTextField(_("family and relationships"))
    health = EncryptedTextField(_("health"))
    education = EncryptedTextField(_("education"))
    identity = EncryptedTextField(_("identity"))
    culture_language = EncryptedTextField(_("culture and language"))
    guardian_view = EncryptedTextField(_("the guardian's view"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(_("approved or sent back"), null=True, blank=True)
    sent_back_reasons = EncryptedTextField(_("why it was sent back"), blank=True)

    class Meta:
        verbose_name = _("best-interests assessment version")
        ordering = ["assessment", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "number"], name="bia_version_number_unique"
            ),
            # One version in the works (draft or submitted) per assessment.
            models.UniqueConstraint(
                fields=["assessment"],
                condition=Q(status__in=["draft", "submitted"]),
                name="bia_one_open_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} v{self.number}"


class BestInterestsDetermination(ChildViews, BaseModel):
    """A panel's formal decision on the child's best interests, with reasons and a review date."""

    child = models.ForeignKey(
        "children.Child", on_delete=models.CASCADE, related_name="best_interests_determinations"
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="best_interests_determinations"
    )
    assessment_version = models.ForeignKey(
        AssessmentVersion, on_delete=models.PROTECT, related_name="determinations"
    )
    purposes = models.JSONField(_("decisions found in the child's best interests"), default=list)
    options = EncryptedTextField(_("options considered"))
    factors = EncryptedTextField(_("factors weighed"))
    decision = EncryptedTextField(_("decision"))
    reasons = EncryptedTextField(_("reasons"))
    guardian_present = models.BooleanField(_("guardian present"), default=False)
    guardian_written_view = EncryptedTextField(_("the guardian's written view"), blank=True)
    decided_on = models.DateField(_("decided on"))
    review_on = models.DateField(_("review by"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"))

    class Meta:
        verbose_name = _("best-interests determination")
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(review_on__gt=models.F("decided_on")), name="bid_review_after_decision"
            ),
            models.CheckConstraint(
                condition=Q(guardian_present=True) | ~Q(guardian_written_view=""),
                name="bid_guardian_present_or_written_view",
            ),
        ]

    def __str__(self) -> str:
        return str(self.public_id)


class PanelMember(models.Model):
    """A member of the panel: discipline, position, and reasons (always, for a dissent)."""

    determination = models.ForeignKey(
        BestInterestsDetermination, on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField(_("name"), max_length=200)
    discipline = models.ForeignKey(Discipline, on_delete=models.PROTECT, related_name="+")
    position = models.CharField(_("position"), max_length=10, choices=Position)
    reasons = EncryptedTextField(_("reasons"), blank=True)
    # The member's own key, wrapped: the reasons are encrypted at rest with it.
    data_key = RecordKeyField()

    class Meta:
        verbose_name = _("panel member")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(position="dissent") | ~Q(reasons=""),
                name="bid_dissent_has_reasons",
            ),
        ]

    def __str__(self) -> str:
        return self.name
