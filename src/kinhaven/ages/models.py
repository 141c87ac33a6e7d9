"""Age assessments of a child: the request and its reason, the methods in order, the decision as
a range, its notification and the appeals. Nothing is overwritten: each appeal is a record of its
own, and the range in force is read from them (ages.selectors.age_standing)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kinhaven.ages.enums import (
    OPEN_STATUSES,
    AgeMethod,
    AppealOutcome,
    AssessmentStatus,
    DoubtTrigger,
    NoticeMeans,
    Recipient,
)
from kinhaven.core.encryption import EncryptedTextField, RecordKeyField
from kinhaven.core.models import BaseModel


class AgeAssessment(BaseModel):
    """One assessment of a child's age, asked for because there was doubt.

    The decision is a range (`min_age` to `max_age`, equal ends still a range); by the benefit of
    the doubt the child's recorded age is its lowest end, and the person is a child where it is
    below 18 (EUAA guide 2018; Directive 2011/36/EU Art. 13(2)).
    """

    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="age_assessments"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AssessmentStatus.choices, default="requested"
    )
    trigger = models.CharField(
        _("what raised the doubt"), max_length=30, choices=DoubtTrigger.choices
    )
    reason = EncryptedTextField(_("reason for doubt"))
    override_reason = EncryptedTextField(
        _("why the documented date of birth is doubted"), blank=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"))
    # The decision on first instance.
    min_age = models.PositiveSmallIntegerField(_("lowest age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("highest age"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    authority = models.CharField(_("deciding authority"), max_length=200, blank=True)
    reasons = EncryptedTextField(_("reasons for the decision"), blank=True)
    remedy = EncryptedTextField(_("how the decision can be challenged"), blank=True)
    # Before a decision, the assessment may be withdrawn when the doubt is gone.
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = EncryptedTextField(_("reason for the withdrawal"), blank=True)

    # The record's own key, wrapped: its text is encrypted at rest with it.
    data_key = RecordKeyField()

    class Meta:
        verbose_name = _("age assessment")
        ordering = ["-requested_at", "-id"]
        constraints = [
            # One assessment at a time: a second request while one stands is refused.
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(status__in=sorted(OPEN_STATUSES)),
                name="age_assessment_one_open_per_child",
            ),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True) | Q(min_age__lte=F("max_age")),
                name="age_assessment_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"Age assessment {self.public_id}"


class AgeAssessmentStep(models.Model):
    """One method applied, in the order recorded. A medical examination is recorded only after a
    less intrusive method that did not settle the age, with the reason, and with the informed
    consent of the child and of the guardian (EUAA guide 2018; Directive 2013/32/EU Art. 25(5))."""

    assessment = models.ForeignKey(AgeAssessment, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("order"))
    method = models.CharField(_("method"), max_length=20, choices=AgeMethod.choices)
    performed_on = models.DateField(_("performed on"))
    performed_by = models.CharField(_("performed by (names and roles)"), max_length=300)
    guardian_present = models.BooleanField(_("the guardian was present"), default=False)
    findings = EncryptedTextField(_("findings"))
    settles_age = models.BooleanField(_("this method settled the age"), default=False)
    # A medical examination only.
    insufficiency_reason = EncryptedTextField(
        _("why the earlier methods did not settle the age"), blank=True
    )
    child_consent_on = models.DateField(
        _("the child's informed consent, on"), null=True, blank=True
    )
    guardian_consent_on = models.DateField(
        _("the guardian's informed consent, on"), null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    # The record's own key, wrapped: its text is encrypted at rest with it.
    data_key = RecordKeyField()

    class Meta:
        verbose_name = _("age assessment method")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "position"], name="age_assessment_step_order"
            ),
            models.CheckConstraint(
                condition=~Q(method=AgeMethod.MEDICAL)
                | (
                    Q(child_consent_on__isnull=False)
                    & Q(guardian_consent_on__isnull=False)
                    & ~Q(insufficiency_reason="")
                ),
                name="age_assessment_medical_with_consent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.position}"


class AgeAssessmentNotice(models.Model):
    """That the child or the guardian was told of a decision: when, in which language, how."""

    assessment = models.ForeignKey(AgeAssessment, on_delete=models.CASCADE, related_name="notices")
    # Of the decision on first instance, or of the decision on an appeal.
    appeal = models.ForeignKey(
        "AgeAssessmentAppeal",
        on_delete=models.CASCADE,
        related_name="notices",
        null=True,
        blank=True,
    )
    recipient = models.CharField(_("told"), max_length=20, choices=Recipient.choices)
    notified_on = models.DateField(_("told on"))
    language = models.CharField(_("language used (ISO 639)"), max_length=3)
    means = models.CharField(_("how"), max_length=30, choices=NoticeMeans.choices)
    interpreter = models.BooleanField(_("with an interpreter"), default=False)
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    # The record's own key, wrapped: its text is encrypted at rest with it.
    data_key = RecordKeyField()

    class Meta:
        verbose_name = _("notice of an age decision")
        ordering = ["notified_on", "id"]

    def __str__(self) -> str:
        return f"{self.recipient} {self.notified_on}"


class AgeAssessmentAppeal(models.Model):
    """An appeal against the decision, and the decision on it: it confirms the range or gives a
    new one. While it is pending, the person is treated as a child."""

    assessment = models.ForeignKey(AgeAssessment, on_delete=models.CASCADE, related_name="appeals")
    lodged_on = models.DateField(_("lodged on"))
    lodged_by = models.CharField(_("lodged by"), max_length=300)
    grounds = EncryptedTextField(_("grounds"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    # The decision on the appeal.
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=AppealOutcome.choices, blank=True
    )
    min_age = models.PositiveSmallIntegerField(_("lowest age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("highest age"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    authority = models.CharField(_("deciding authority"), max_length=200, blank=True)
    reasons = EncryptedTextField(_("reasons for the decision"), blank=True)
    # How the decision on the appeal can be challenged in turn (blank for decisions recorded
    # before it was asked).
    remedy = EncryptedTextField(_("how the decision can be challenged"), blank=True)
    decision_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    # The record's own key, wrapped: its text is encrypted at rest with it.
    data_key = RecordKeyField()

    class Meta:
        verbose_name = _("appeal against an age decision")
        ordering = ["lodged_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_age__isnull=True) | Q(min_age__lte=F("max_age")),
                name="age_appeal_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"Appeal {self.pk}"
