from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinhaven.core.forms import InputForm
from kinhaven.identification.enums import DecisionMakingOrg, EvidenceKind, Stage, TraffickingStatus
from kinhaven.identification.models import IdentificationDecision
from kinhaven.identification.schemas import MAX_NAME, MAX_TEXT, IdentificationDecisionIn


class DecisionForm(InputForm[IdentificationDecisionIn]):
    """A decision as the authority took it; a review names the decision in force."""

    input_model = IdentificationDecisionIn

    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=TraffickingStatus.choices)
    organisation = forms.ChoiceField(
        label=_("Type of organisation that decided"), choices=DecisionMakingOrg.choices
    )
    authority = forms.CharField(label=_("Competent authority"), max_length=MAX_NAME)
    person_name = forms.CharField(label=_("Who decided"), max_length=MAX_NAME)
    person_role = forms.CharField(label=_("Their role or title"), max_length=MAX_NAME)
    decided_on = forms.DateField(
        label=_("Decided on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reasons = forms.CharField(
        label=_("Reasons"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence_kinds = forms.MultipleChoiceField(
        label=_("Kinds of evidence relied on"),
        required=False,
        choices=EvidenceKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    evidence = forms.CharField(
        label=_("Evidence relied on"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reviews_id = forms.ChoiceField(label=_("Decision reviewed (a review only)"), required=False)
    appealed_by = forms.CharField(
        label=_("Review or appeal asked for by (a review only)"),
        required=False,
        max_length=MAX_NAME,
    )

    def __init__(
        self, *args: Any, in_force: IdentificationDecision | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # Only the decision in force can be reviewed.
        choices: list[tuple[str, Any]] = [("", "—")]
        if in_force is not None:
            label = _("%(stage)s of %(date)s: %(outcome)s") % {
                "stage": in_force.get_stage_display(),
                "date": in_force.decided_on.isoformat(),
                "outcome": in_force.get_outcome_display(),
            }
            choices.append((str(in_force.public_id), label))
        self.fields["reviews_id"].choices = choices  # type: ignore[attr-defined]  # a ChoiceField

    def input_data(self) -> dict[str, Any]:
        data = super().input_data()
        data["reviews_id"] = data.get("reviews_id") or None
        return data
