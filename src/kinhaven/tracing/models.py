from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinhaven.children.enums import Sex
from kinhaven.children.validators import PartialDate
from kinhaven.core.models import BaseModel
from kinhaven.tracing.enums import (
    CandidateSource,
    CandidateStatus,
    Decision,
    Relationship,
    RequestSource,
    RequestStatus,
    StepKind,
    StepOutcome,
)


class TracingRequest(BaseModel):
    """Someone looking for a child: who seeks whom, how they are related, and where and when the
    child was last seen. Held by the agency that took it."""

    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="tracing_requests"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("request from"), max_length=20, choices=RequestSource.choices)
    requester_name = models.CharField(_("name of the person looking"), max_length=200, blank=True)
    requester_contact = models.TextField(_("how to reach them"), blank=True)
    relationship = models.CharField(
        _("relationship to the child"), max_length=20, choices=Relationship.choices
    )
    # The child sought, as the person looking knows them.
    given_name = models.CharField(_("given name"), max_length=200, blank=True)
    family_name = models.CharField(_("family name"), max_length=200, blank=True)
    other_names = models.JSONField(_("other names"), default=list, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    birth_month = models.PositiveSmallIntegerField(_("month of birth"), null=True, blank=True)
    birth_day = models.PositiveSmallIntegerField(_("day of birth"), null=True, blank=True)
    age_estimate_years = models.PositiveSmallIntegerField(
        _("estimated age (years)"), null=True, blank=True
    )
    nationality = models.CharField(_("nationality"), max_length=3, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    place_of_birth = models.CharField(_("place of birth"), max_length=200, blank=True)
    mother_name = models.CharField(_("mother's name"), max_length=200, blank=True)
    father_name = models.CharField(_("father's name"), max_length=200, blank=True)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    last_seen_place = models.CharField(_("last seen where"), max_length=300, blank=True)
    last_seen_on = models.DateField(_("last seen when"), null=True, blank=True)
    circumstances = models.TextField(_("circumstances of the separation"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    closed_reason = models.TextField(_("why it was closed"), blank=True)
    matched_at = models.DateTimeField(_("last searched"), null=True, blank=True)

    class Meta:
        verbose_name = _("tracing request")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return str(_("Tracing request %(id)s") % {"id": self.public_id})

    @property
    def date_of_birth(self) -> str | None:
        if self.birth_year is None:
            return None
        return str(PartialDate(self.birth_year, self.birth_month, self.birth_day))

    @property
    def sought_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.family_name) if p)


class TracingMatch(BaseModel):
    """A registered child who may be the child sought, with the score and the fields that made
    it; a person confirms or rejects it, and the decision is kept."""

    request = models.ForeignKey(TracingRequest, on_delete=models.CASCADE, related_name="matches")
    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="+")
    score = models.FloatField(_("score"))
    explanation = models.JSONField(_("why"), default=list)
    # The comparison features of the pair, by name, so that decisions can train the model.
    features = models.JSONField(default=dict)
    decision = models.CharField(
        _("decision"), max_length=20, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("reasons"), blank=True)

    class Meta:
        verbose_name = _("tracing match")
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["request", "child"], name="tracing_match_once")
        ]

    def __str__(self) -> str:
        return f"Match {self.public_id}"


class ReunificationStep(models.Model):
    """One step from a confirmed match to reunification."""

    match = models.ForeignKey(TracingMatch, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=30, choices=StepKind.choices)
    position = models.PositiveSmallIntegerField()
    outcome = models.CharField(_("outcome"), max_length=10, choices=StepOutcome.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reunification step")
        ordering = ["match", "position"]
        constraints = [models.UniqueConstraint(fields=["match", "kind"], name="step_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"


class DuplicateCandidate(BaseModel):
    """Two records that may be the same child; `child_a` is the older record."""

    child_a = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="+")
    child_b = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("score"))
    explanation = models.JSONField(_("why"), default=list)
    # The comparison features of the pair, by name, so that decisions can train the model.
    features = models.JSONField(default=dict)
    source = models.CharField(_("found"), max_length=20, choices=CandidateSource.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=CandidateStatus.choices, default=CandidateStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.TextField(_("reasons"), blank=True)

    class Meta:
        verbose_name = _("possible duplicate")
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["child_a", "child_b"], name="duplicate_pair_once"),
            models.CheckConstraint(
                condition=models.Q(child_a__lt=models.F("child_b")), name="duplicate_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"Duplicate {self.pk}"


class ChildMerge(BaseModel):
    """Two records of one child made one: what moved from the merged record to the kept one, so
    that a person can undo it."""

    kept = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="+")
    candidate = models.ForeignKey(
        DuplicateCandidate, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    reason = models.TextField(_("reason"))
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # {"app_label.model": [primary keys moved]}, the aliases added and the kept record's
    # guardian before the merge.
    moved = models.JSONField(default=dict)
    added_aliases = models.JSONField(default=list)
    kept_guardian_before = models.BigIntegerField(null=True, blank=True)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    undo_reason = models.TextField(_("why it was undone"), blank=True)

    class Meta:
        verbose_name = _("merge of records")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Merge {self.public_id}"


class PprlHandle(BaseModel):
    """What this instance answered a peer's encoded query with: an opaque handle for one of its
    children and the score, so that no id or name leaves. A person here confirms it, with the
    legal basis, before the child's identity is exchanged (tracing.pprl)."""

    handle = models.CharField(max_length=64, unique=True, editable=False)
    child = models.ForeignKey(
        "children.Child", on_delete=models.CASCADE, related_name="+", editable=False
    )
    query_ref = models.CharField(_("query reference"), max_length=100, editable=False)
    score = models.FloatField(_("score"), editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("confirmed by"),
    )
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("encoded-match handle")
        verbose_name_plural = _("encoded-match handles")
        indexes = [models.Index(fields=["query_ref"])]

    def __str__(self) -> str:
        return str(self.public_id)
