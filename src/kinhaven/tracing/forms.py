from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinhaven.children.enums import Sex
from kinhaven.children.schemas import MAX_TEXT
from kinhaven.children.validators import PARTIAL_DATE_LENGTH
from kinhaven.core.forms import InputForm
from kinhaven.core.locale_names import CountryField, LanguagesField
from kinhaven.tracing.enums import Relationship, RequestSource, StepOutcome
from kinhaven.tracing.schemas import (
    MAX_CIRCUMSTANCES,
    MAX_DOCUMENT_NUMBER,
    MAX_LAST_SEEN_PLACE,
    MAX_REASON,
    MAX_REQUESTER_CONTACT,
    MAX_REQUESTER_NAME,
    MatchDecisionIn,
    MergeIn,
    ReasonIn,
    StepIn,
    TracingRequestIn,
)


class TracingRequestForm(InputForm[TracingRequestIn]):
    input_model = TracingRequestIn

    source = forms.ChoiceField(label=_("Request from"), choices=RequestSource.choices)
    relationship = forms.ChoiceField(
        label=_("Relationship of the person looking to the child"), choices=Relationship.choices
    )
    requester_name = forms.CharField(
        label=_("Name of the person looking"), required=False, max_length=MAX_REQUESTER_NAME
    )
    requester_contact = forms.CharField(
        label=_("How to reach them"),
        required=False,
        max_length=MAX_REQUESTER_CONTACT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    given_name = forms.CharField(
        label=_("Child's given name (any script)"), required=False, max_length=MAX_TEXT
    )
    family_name = forms.CharField(
        label=_("Child's family name (any script)"), required=False, max_length=MAX_TEXT
    )
    other_names = forms.CharField(
        label=_("Other names, nicknames and spellings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line."),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    date_of_birth = forms.CharField(
        label=_("Date of birth"),
        required=False,
        max_length=PARTIAL_DATE_LENGTH,
        help_text=_("YYYY, YYYY-MM or YYYY-MM-DD; leave blank if unknown."),
    )
    age_estimate_years = forms.IntegerField(
        label=_("Age today, if the date is unknown"), required=False, min_value=0, max_value=25
    )
    nationality = CountryField(label=_("Nationality"))
    languages = LanguagesField(label=_("Languages"))
    place_of_birth = forms.CharField(label=_("Place of birth"), required=False, max_length=MAX_TEXT)
    mother_name = forms.CharField(label=_("Mother's name"), required=False, max_length=MAX_TEXT)
    father_name = forms.CharField(label=_("Father's name"), required=False, max_length=MAX_TEXT)
    document_number = forms.CharField(
        label=_("Number of an identity document"),
        required=False,
        max_length=MAX_DOCUMENT_NUMBER,
    )
    last_seen_place = forms.CharField(
        label=_("Last seen where"), required=False, max_length=MAX_LAST_SEEN_PLACE
    )
    last_seen_on = forms.DateField(
        label=_("Last seen when"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    circumstances = forms.CharField(
        label=_("Circumstances of the separation"),
        required=False,
        max_length=MAX_CIRCUMSTANCES,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def input_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["other_names"] = [n for n in data["other_names"].splitlines() if n.strip()]
        data["languages"] = list(data["languages"])
        return data


class DecisionForm(InputForm[MatchDecisionIn]):
    """A match's decision, sent by the button pressed (confirm or reject), and its reasons."""

    input_model = MatchDecisionIn

    note = forms.CharField(
        label=_("Reasons"),
        required=False,
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to reject."),
    )

    def input_data(self) -> dict[str, Any]:
        return {**super().input_data(), "decision": self.data.get("decision", "")}


class StepForm(InputForm[StepIn]):
    """A step's outcome: nothing is chosen beforehand, the person says done or stopped."""

    input_model = StepIn

    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", _("Choose: done or stopped")), *StepOutcome.choices]
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to stop."),
    )


class ReasonForm(InputForm[ReasonIn]):
    input_model = ReasonIn

    reason = forms.CharField(
        label=_("Reason"), max_length=MAX_REASON, widget=forms.Textarea(attrs={"rows": 2})
    )


class MergeForm(InputForm[MergeIn]):
    input_model = MergeIn

    keep = forms.ChoiceField(label=_("Record that carries on"))
    reason = forms.CharField(
        label=_("Why these records are the same child"),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = choices  # type: ignore[attr-defined]
