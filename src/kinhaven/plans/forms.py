"""Forms of the plan page. They collect the values; each builds the write's input model
(plans.schemas), which checks them as the API does."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinhaven.cases.models import Case
from kinhaven.core.forms import InputForm, date_field, text_area
from kinhaven.plans.enums import ReviewOutcome
from kinhaven.plans.models import CasePlan
from kinhaven.plans.schemas import (
    MAX_TEXT,
    PlanActionIn,
    PlanDecisionIn,
    PlanGoalIn,
    PlanReviewDateIn,
    PlanReviewIn,
)
from kinhaven.plans.selectors import plan_owners_for


class GoalForm(InputForm[PlanGoalIn]):
    input_model = PlanGoalIn
    prefix = "goal"

    description = text_area(_("Goal"), max_length=MAX_TEXT)


class ActionForm(InputForm[PlanActionIn]):
    input_model = PlanActionIn
    prefix = "action"

    description = text_area(_("What is to be done"), max_length=MAX_TEXT)
    owner_id = forms.ChoiceField(label=_("Owner"))
    due_on = date_field(_("Due on"))
    goal_id = forms.ChoiceField(label=_("For the goal"), required=False)

    def __init__(self, *args: Any, case: Case, plan: CasePlan | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_id"].choices = [  # type: ignore[attr-defined]  # a ChoiceField
            ("", "—"),
            *((str(u.public_id), u.person_label()) for u in plan_owners_for(case)),
        ]
        goals = list(plan.goals.all()) if plan is not None else []
        self.fields["goal_id"].choices = [  # type: ignore[attr-defined]  # a ChoiceField
            ("", _("No particular goal")),
            *((str(g.public_id), g.description[:80]) for g in goals),
        ]

    def input_data(self) -> dict[str, Any]:
        data = super().input_data()
        data["goal_id"] = data.get("goal_id") or None
        return data


class ReviewDateForm(InputForm[PlanReviewDateIn]):
    input_model = PlanReviewDateIn
    prefix = "schedule"

    review_on = date_field(_("Next review on"))


class ReviewForm(InputForm[PlanReviewIn]):
    input_model = PlanReviewIn
    prefix = "review"

    held_on = date_field(_("Held on"))
    progress = text_area(_("Progress"), max_length=MAX_TEXT)
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=ReviewOutcome.choices, widget=forms.RadioSelect
    )
    next_review_on = date_field(_("Next review on"), required=False)


class PlanDecisionForm(InputForm[PlanDecisionIn]):
    input_model = PlanDecisionIn
    prefix = "decision"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("send_back", _("Send back"))],
        widget=forms.RadioSelect,
    )
    reasons = text_area(
        _("Reasons"),
        max_length=MAX_TEXT,
        required=False,
        help_text=_("Needed when the plan is sent back."),
    )


class SubmitForm(forms.Form):
    """Submitting the plan for approval: nothing to fill in; the form carries the refusal."""

    prefix = "submit"
