"""A case's plan: goals, actions with an owner and a due date, its reviews, and the versions
submitted for a supervisor's approval (docs/case-plans.md).

The goals and actions are the plan as it is being worked on; each submission keeps a copy of
them (`PlanSubmission.content`), so that an approved version stays readable while the next one
is drafted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinhaven.core.models import BaseModel
from kinhaven.plans.enums import PlanStatus, ReviewOutcome, SubmissionState


class CasePlan(BaseModel):
    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="plan")
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    review_on = models.DateField(_("next review"), null=True, blank=True)
    review_deadline = models.ForeignKey(
        "deadlines.Deadline", on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("case plan")

    def __str__(self) -> str:
        return f"Plan {self.public_id} v{self.version}: {self.status}"


class PlanGoal(BaseModel):
    plan = models.ForeignKey(CasePlan, on_delete=models.CASCADE, related_name="goals")
    description = models.TextField(_("goal"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("goal")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Goal {self.public_id}"


class PlanAction(BaseModel):
    plan = models.ForeignKey(CasePlan, on_delete=models.CASCADE, related_name="actions")
    goal = models.ForeignKey(
        PlanGoal, on_delete=models.SET_NULL, related_name="actions", null=True, blank=True
    )
    description = models.TextField(_("action"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("due"))
    deadline = models.ForeignKey(
        "deadlines.Deadline", on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("plan action")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["owner", "done_at"], name="plan_action_owner_idx")]

    def __str__(self) -> str:
        return f"Action {self.public_id}"


class PlanReview(BaseModel):
    plan = models.ForeignKey(CasePlan, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField(_("held on"))
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    progress = models.TextField(_("progress"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=ReviewOutcome.choices)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan review")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"Review {self.public_id}"


class PlanSubmission(BaseModel):
    """One version of the plan as submitted for approval, with its decision."""

    plan = models.ForeignKey(CasePlan, on_delete=models.CASCADE, related_name="submissions")
    version = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("plan as submitted"))
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=SubmissionState.choices,
        default=SubmissionState.PENDING,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    sent_back_reasons = models.TextField(_("reasons for sending back"), blank=True)

    class Meta:
        verbose_name = _("plan submission")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"], condition=Q(state="pending"), name="plan_one_pending_submission"
            ),
        ]

    def __str__(self) -> str:
        return f"Plan submission {self.public_id} v{self.version}: {self.state}"
