"""Web forms of the intake channels and of triage. Each form collects the answers; the write's
input model checks them, as for the API."""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

from kinhaven.accounts.models import Team
from kinhaven.children.enums import Sex
from kinhaven.core.forms import InputForm, ListFilterForm
from kinhaven.core.locale_names import CountryField, LanguagesField
from kinhaven.identification.enums import DecisionMakingOrg, TraffickingStatus
from kinhaven.intake.enums import (
    Accompanied,
    AgeStatus,
    ChildDocuments,
    ExploitationType,
    Urgency,
)
from kinhaven.intake.indicators import INDICATORS, Dimension
from kinhaven.intake.schemas import (
    MAX_LOCATION,
    MAX_LONG,
    MAX_SHORT,
    ClosureIn,
    ConversionIn,
    ReportDecisionIn,
    ReportIn,
    ScreeningIn,
    TriageIn,
)


class ReportForm(InputForm[ReportIn]):
    """Every field a report may have; each channel's form keeps the ones it asks for."""

    input_model = ReportIn
    field_names: ClassVar[tuple[str, ...]] = ()
    # Fields of a channel's form that are not report fields.
    extra_fields: ClassVar[tuple[str, ...]] = ()

    what_happened = forms.CharField(
        label=_("What happened? What did you see or hear?"),
        max_length=MAX_LONG,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    location = forms.CharField(label=_("Where?"), required=False, max_length=MAX_LOCATION)
    immediate_danger = forms.BooleanField(
        label=_("The child is in danger right now"), required=False
    )
    child_missing = forms.BooleanField(label=_("The child is missing"), required=False)
    urgency = forms.ChoiceField(
        label=_("Urgency"),
        required=False,
        choices=[("", _("Decide from the answers")), *Urgency.choices],
        help_text=_("A grade lower than the urgency rules give is raised to theirs."),
    )
    exploitation_types = forms.MultipleChoiceField(
        label=_("What do you suspect? (optional)"),
        required=False,
        choices=ExploitationType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    child_given_name = forms.CharField(
        label=_("Child's given name, if known"), required=False, max_length=MAX_SHORT
    )
    child_family_name = forms.CharField(
        label=_("Child's family name, if known"), required=False, max_length=MAX_SHORT
    )
    child_sex = forms.ChoiceField(
        label=_("Sex"), required=False, choices=Sex.choices, initial=Sex.UNKNOWN
    )
    child_age_estimate = forms.IntegerField(
        label=_("Age (estimate, years)"), required=False, min_value=0, max_value=25
    )
    child_date_of_birth = forms.CharField(
        label=_("Date of birth"),
        required=False,
        max_length=10,
        help_text=_("YYYY, YYYY-MM or YYYY-MM-DD."),
    )
    child_nationality = CountryField(label=_("Nationality"))
    child_languages = LanguagesField(label=_("Languages the child speaks"))
    child_description = forms.CharField(
        label=_("What does the child look like?"),
        required=False,
        max_length=MAX_LONG,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    accompanied = forms.ChoiceField(
        label=_("Is the child with a parent?"),
        required=False,
        choices=Accompanied.choices,
        initial=Accompanied.UNKNOWN,
    )
    child_documents = forms.ChoiceField(
        label=_("Does the child have identity papers?"),
        required=False,
        choices=ChildDocuments.choices,
        initial=ChildDocuments.UNKNOWN,
    )
    age_status = forms.ChoiceField(
        label=_("Age"), required=False, choices=AgeStatus.choices, initial=AgeStatus.PRESUMED_CHILD
    )
    reporter_name = forms.CharField(
        label=_("Your name (optional)"), required=False, max_length=MAX_SHORT
    )
    reporter_contact = forms.CharField(
        label=_("How can we reach you? (optional)"), required=False, max_length=MAX_SHORT
    )
    reporter_relationship = forms.CharField(
        label=_("How do you know the child? (optional)"), required=False, max_length=MAX_SHORT
    )

    def input_data(self) -> dict[str, Any]:
        """The answers in the input model's terms: the channel's own fields only."""
        data: dict[str, Any] = {}
        for name in self.field_names or tuple(self.fields):
            if name not in self.fields:
                continue
            value = self.cleaned_data.get(name)
            if name == "child_languages":
                value = list(value or [])
            data[name] = value
        return data


F = TypeVar("F", bound=type[ReportForm])


def channel_form(cls: F) -> F:
    """Keep only the channel's own fields on its form class, once, so that building the form
    costs only what it asks for (the public page builds one on every submission)."""
    keep = {*cls.field_names, *cls.extra_fields}
    cls.base_fields = {name: f for name, f in cls.base_fields.items() if name in keep}
    cls.declared_fields = dict(cls.base_fields)
    return cls


_CHILD = (
    "child_given_name",
    "child_family_name",
    "child_sex",
    "child_age_estimate",
    "child_nationality",
    "child_languages",
)
_REPORTER = ("reporter_name", "reporter_contact", "reporter_relationship")
# What was seen and heard: the first answers of the public, hotline and edit forms.
_WHAT = ("what_happened", "location", "immediate_danger", "child_missing", "exploitation_types")
# The long forms of staff, in sections (a form shows only the fields it asks for).
_REPORT_SECTIONS = (
    (
        _("What happened"),
        ("urgency", *_WHAT),
    ),
    (
        _("The child"),
        (
            *_CHILD,
            "child_date_of_birth",
            "child_description",
            "accompanied",
            "child_documents",
            "age_status",
        ),
    ),
    (_("Who reports"), _REPORTER),
)


@channel_form
class PublicReportForm(ReportForm):
    # The public is not asked for language codes; staff record them at triage.
    field_names = (
        *_WHAT,
        *(f for f in _CHILD if f != "child_languages"),
        "child_description",
        "accompanied",
        "child_documents",
        *_REPORTER,
    )
    # Left empty by people; filled by the robots that fill every field.
    website = forms.CharField(label=_("Leave this empty"), required=False, max_length=200)
    # Sent again when the page is reloaded, so the same report is not stored twice; a report
    # without one is still taken.
    client_token = forms.UUIDField(required=False, widget=forms.HiddenInput)

    extra_fields = ("website", "client_token")

    # Django's own messages exist in few of the languages the public reads: the form's are ours.
    PUBLIC_ERRORS: ClassVar[dict[str, Any]] = {
        "required": _("Please answer this question."),
        "invalid": _("Please check this answer."),
        "invalid_choice": _("Please choose one of the answers offered."),
        "max_length": ngettext_lazy(
            "Please shorten this answer to %(limit_value)d character or fewer.",
            "Please shorten this answer to %(limit_value)d characters or fewer.",
            "limit_value",
        ),
        "min_value": _("Please give a number of at least %(limit_value)s."),
        "max_value": _("Please give a number of at most %(limit_value)s."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages.update(self.PUBLIC_ERRORS)


@channel_form
class FrontlineReportForm(ReportForm):
    """The minimum a child can give in minutes at a reception point; completed later."""

    field_names = (
        *_CHILD,
        "accompanied",
        "child_documents",
        "location",
        "what_happened",
        "immediate_danger",
        "urgency",
    )


@channel_form
class HotlineReportForm(ReportForm):
    SECTIONS = _REPORT_SECTIONS
    field_names = (
        "urgency",
        *_WHAT,
        *_CHILD,
        "child_date_of_birth",
        "child_description",
        "accompanied",
        "child_documents",
        *_REPORTER,
    )


@channel_form
class ReportEditForm(ReportForm):
    SECTIONS = _REPORT_SECTIONS
    field_names = (
        *_WHAT,
        *_CHILD,
        "child_date_of_birth",
        "child_description",
        "accompanied",
        "child_documents",
        *_REPORTER,
    )


class TriageForm(InputForm[TriageIn]):
    input_model = TriageIn

    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False, to_field_name="public_id"
    )
    age_status = forms.ChoiceField(label=_("Age"), choices=AgeStatus.choices)
    note = forms.CharField(
        label=_("Triage note"),
        required=False,
        max_length=MAX_LONG,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(agency_id=agency_id).order_by("name")  # type: ignore[attr-defined]  # a ModelChoiceField

    def input_data(self) -> dict[str, Any]:
        data = super().input_data()
        team = data.pop("team", None)
        data["team_id"] = team.public_id if team is not None else None
        return data

    def service_field(self, name: str) -> str:
        return "team" if name == "team_id" else name


def indicator_choices() -> list[tuple[Any, list[tuple[str, Any]]]]:
    """The ILO indicators grouped by dimension, each with its strength."""
    groups = []
    for dimension in Dimension:
        options = [
            (i.code, f"{i.label} ({i.strength.label})")
            for i in INDICATORS
            if i.dimension == dimension
        ]
        groups.append((dimension.label, options))
    return groups


class ScreeningForm(InputForm[ScreeningIn]):
    input_model = ScreeningIn

    indicators = forms.MultipleChoiceField(
        label=_("Indicators found"),
        required=False,
        choices=indicator_choices,
        widget=forms.CheckboxSelectMultiple,
    )


class DecisionForm(InputForm[ReportDecisionIn]):
    input_model = ReportDecisionIn

    trafficking_status = forms.ChoiceField(label=_("Decision"), choices=TraffickingStatus.choices)
    decision_body_type = forms.ChoiceField(
        label=_("Type of deciding body"), choices=DecisionMakingOrg.choices
    )
    decision_body_name = forms.CharField(label=_("Deciding body"), max_length=MAX_SHORT)
    decision_reasons = forms.CharField(
        label=_("Reasons"), max_length=MAX_LONG, widget=forms.Textarea(attrs={"rows": 3})
    )


class ConvertForm(InputForm[ConversionIn]):
    """The child the case is for: one of the registered children offered, or a new record."""

    input_model = ConversionIn
    NEW = "new"

    child = forms.ChoiceField(label=_("Child"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, candidates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, Any]] = [
            (str(c.public_id), _("Same child as %(name)s") % {"name": c.display_name})
            for c in candidates
        ]
        choices.append((self.NEW, _("A different child: register a new record")))
        self.fields["child"].choices = choices  # type: ignore[attr-defined]  # a ChoiceField
        self.fields["child"].initial = self.NEW if not candidates else None

    def input_data(self) -> dict[str, Any]:
        chosen = self.cleaned_data["child"]
        new = chosen == self.NEW
        return {"child_id": None if new else chosen, "confirm_new": new}

    def service_field(self, name: str) -> str:
        return "child" if name in {"child_id", "confirm_new"} else name


class CloseForm(InputForm[ClosureIn]):
    input_model = ClosureIn

    reason = forms.CharField(
        label=_("Why does this report need no case?"),
        max_length=MAX_LONG,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReportFilterForm(ListFilterForm):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("open", pgettext_lazy("state", "Open")),
            ("converted", _("Case opened")),
            ("closed", _("Closed")),
            ("all", _("All")),
        ],
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), required=False, choices=[("", _("Any")), *Urgency.choices]
    )
    mine = forms.BooleanField(label=_("My team's only"), required=False)
    overdue = forms.BooleanField(label=_("Past their deadline only"), required=False)

    # None of these names anyone: they may stand in a URL, so that a count on the home page
    # links to the queue it counts.
    URL_FIELDS = ("status", "urgency", "mine", "overdue")
