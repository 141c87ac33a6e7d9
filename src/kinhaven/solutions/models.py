"""Return and durable solutions of a child: assessments of the risk and of the family in a
country (kept, never changed: the latest for a country counts), the durable-solution plan with
its steps and owners, and the decisions that the child departs (a return or a relocation)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinhaven.core.encryption import EncryptedTextField, RecordKeyField
from kinhaven.core.models import BaseModel
from kinhaven.solutions.enums import (
    LIVE_STATUSES,
    AssessmentKind,
    DepartureKind,
    PlanStatus,
    Solution,
)


class Assessment(BaseModel):
    """A risk assessment or a family assessment of the child for a country: findings, sources
    consulted and a conclusion. Never changed: a new one for the same country replaces it."""

    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="solution_assessments"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AssessmentKind.choices)
    country = models.CharField(_("country (ISO 3166-1 alpha-3)"), max_length=3)
    findings = EncryptedTextField(_("findings"))
    sources = EncryptedTextField(_("sources consulted"), blank=True)
    conclusion = models.CharField(_("conclusion"), max_length=30)
    measures = EncryptedTextField(_("measures or support"), blank=True)
    assessed_on = models.DateField(_("assessed on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    # The record's own key, wrapped: its text is encrypted at rest with it.
    data_key = RecordKeyField()

    class Meta:
        verbose_name = _("return assessment")
        ordering = ["-assessed_on", "-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"Assessment {self.public_id}"

    @property
    def conclusion_label(self) -> str:
        from kinhaven.solutions.enums import CONCLUSIONS

        labels = dict(CONCLUSIONS[self.kind].choices)
        return str(labels.get(self.conclusion, self.conclusion))


class Plan(BaseModel):
    """A durable-solution plan: the solution, the country (none for local integration), the
    goals, and its status draft → adopted → achieved | abandoned (with the reasons)."""

    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="solution_plans"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    solution = models.CharField(_("durable solution"), max_length=30, choices=Solution.choices)
    country = models.CharField(_("country (ISO 3166-1 alpha-3)"), max_length=3, blank=True)
    goals = EncryptedTextField(_("goals"))
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    bid = models.ForeignKey(
        "bestinterests.BestInterestsDetermination",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("best-interests determination"),
    )
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    adopted_at = models.DateTimeField(_("adopted at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    close_reasons = EncryptedTextField(_("reasons"), blank=True)

    # The record's own key, wrapped: its text is encrypted at rest with it.
    data_key = RecordKeyField()

    class Meta:
        verbose_name = _("durable-solution plan")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One live plan per child: a second draft or adopted plan is refused.
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(status__in=LIVE_STATUSES),
                name="solution_plan_one_live_per_child",
            ),
            # A country for a return or a third country; none for local integration.
            models.CheckConstraint(
                condition=(Q(solution=Solution.LOCAL_INTEGRATION) & Q(country=""))
                | (~Q(solution=Solution.LOCAL_INTEGRATION) & ~Q(country="")),
                name="solution_plan_country",
            ),
        ]

    def __str__(self) -> str:
        return f"Plan {self.public_id}"

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES


class PlanStep(BaseModel):
    """A step of a plan: what is to be done, by whom (a user of the agency holding the child's
    record) and by when; done on a date by someone."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="steps")
    what = EncryptedTextField(_("what is to be done"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    # The record's own key, wrapped: its text is encrypted at rest with it.
    data_key = RecordKeyField()

    class Meta:
        verbose_name = _("plan step")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_on__isnull=True, done_by__isnull=True)
                | Q(done_on__isnull=False, done_by__isnull=False),
                name="solution_step_done_with_whom",
            ),
        ]

    def __str__(self) -> str:
        return f"Step {self.public_id}"


class Departure(BaseModel):
    """The decision that the child returns to the country of origin or is relocated or
    transferred to another country, with the determination and the assessments it rests on."""

    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="departures")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=DepartureKind.choices)
    country = models.CharField(_("country (ISO 3166-1 alpha-3)"), max_length=3)
    planned_on = models.DateField(_("planned on"))
    reasons = EncryptedTextField(_("reasons"))
    bid = models.ForeignKey(
        "bestinterests.BestInterestsDetermination",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("best-interests determination"),
    )
    risk_assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    family_assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"))

    # The record's own key, wrapped: its text is encrypted at rest with it.
    data_key = RecordKeyField()

    class Meta:
        verbose_name = _("departure decision")
        ordering = ["-decided_at", "-id"]
        constraints = [
            # A return rests on a risk and a family assessment.
            models.CheckConstraint(
                condition=~Q(kind=DepartureKind.RETURN)
                | Q(risk_assessment__isnull=False, family_assessment__isnull=False),
                name="departure_return_assessed",
            ),
        ]

    def __str__(self) -> str:
        return f"Departure {self.public_id}"
