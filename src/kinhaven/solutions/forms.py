"""Forms of the solutions page. They collect the values; each builds the write's input model
(solutions.schemas), which checks them as the API does."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinhaven.children.models import Child
from kinhaven.core import time
from kinhaven.core.forms import InputForm
from kinhaven.core.locale_names import CountryField
from kinhaven.solutions.enums import (
    AssessmentKind,
    DepartureKind,
    FamilyConclusion,
    PlanOutcome,
    RiskConclusion,
    Solution,
)
from kinhaven.solutions.schemas import (
    MAX_TEXT,
    DepartureIn,
    PlanClosureIn,
    PlanIn,
    PlanStepDoneIn,
    PlanStepIn,
    SolutionAssessmentIn,
)
from kinhaven.solutions.selectors import step_owners_for


def _date(label: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}))


def _text(label: Any, *, required: bool = True, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=MAX_TEXT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )


def _country(help_text: Any = "") -> forms.ChoiceField:
    return CountryField(label=_("Country"), help_text=help_text, persons=False)


_CONCLUSIONS = [
    (str(AssessmentKind.RISK.label), list(RiskConclusion.choices)),
    (str(AssessmentKind.FAMILY.label), list(FamilyConclusion.choices)),
]


class AssessmentForm(InputForm[SolutionAssessmentIn]):
    input_model = SolutionAssessmentIn
    prefix = "assessment"

    kind = forms.ChoiceField(label=_("Kind of assessment"), choices=AssessmentKind.choices)
    country = _country()
    findings = _text(_("Findings"))
    sources = _text(_("Sources consulted"), required=False)
    conclusion = forms.ChoiceField(label=_("Conclusion"), choices=_CONCLUSIONS)
    measures = _text(
        _("Measures or support"),
        required=False,
        help_text=_("Needed when the risks can be managed or the family needs support."),
    )
    assessed_on = _date(_("Assessed on"))


class PlanForm(InputForm[PlanIn]):
    input_model = PlanIn
    prefix = "plan"

    solution = forms.ChoiceField(label=_("Durable solution"), choices=Solution.choices)
    country = _country(_("For a return or a third country; none for local integration."))
    goals = _text(_("Goals"))


class PlanClosureForm(InputForm[PlanClosureIn]):
    input_model = PlanClosureIn
    prefix = "closure"

    outcome = forms.ChoiceField(label=_("Outcome"), choices=PlanOutcome.choices)
    reasons = _text(_("Reasons"))


class AdoptionForm(forms.Form):
    """No values: the button; a refusal shows above it."""

    prefix = "adoption"


class StepForm(InputForm[PlanStepIn]):
    input_model = PlanStepIn
    prefix = "step"

    what = _text(_("What is to be done"))
    owner_id = forms.ChoiceField(label=_("Owner"))
    due_on = _date(_("Due on"))

    def __init__(self, *args: Any, child: Child, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_id"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *((str(u.public_id), u.person_label()) for u in step_owners_for(child)),
        ]


class StepDoneForm(InputForm[PlanStepDoneIn]):
    input_model = PlanStepDoneIn
    prefix = "done"

    done_on = _date(_("Done on"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"done_on": time.today()})
        super().__init__(*args, **kwargs)


class DepartureForm(InputForm[DepartureIn]):
    input_model = DepartureIn
    prefix = "departure"

    kind = forms.ChoiceField(label=_("Decision"), choices=DepartureKind.choices)
    country = _country()
    planned_on = _date(_("Planned on"))
    reasons = _text(_("Reasons"))
