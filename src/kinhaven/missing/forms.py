"""Forms of the missing-episode pages. They collect the values; each builds the write's input
model (missing.schemas), which checks them as the API does."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinhaven.core.forms import InputForm
from kinhaven.missing.enums import (
    AUTO_TRAFFICKING,
    AUTO_UNDER_13,
    CloseReason,
    FoundState,
    PhotoConsent,
)
from kinhaven.missing.models import RiskCriterion
from kinhaven.missing.schemas import (
    MAX_NAME,
    MAX_REF,
    MAX_TEXT,
    AlertsIn,
    CloseIn,
    EpisodeActionIn,
    EpisodeReportIn,
    FoundIn,
    InterviewIn,
    PhotoIn,
    PoliceInformedIn,
    SightingIn,
)


def _when(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )


def _text(label: Any, *, required: bool = True, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=MAX_TEXT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )


def _name(label: Any, *, required: bool = True, max_length: int = MAX_NAME) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )


def criteria_choices() -> list[tuple[str, str]]:
    """The active criteria the reporter may tick (those found on the file are found by the
    system itself)."""
    return [
        (c.code, c.label)
        for c in RiskCriterion.objects.filter(active=True).exclude(
            code__in=[AUTO_TRAFFICKING, AUTO_UNDER_13]
        )
    ]


class ReportForm(InputForm[EpisodeReportIn]):
    input_model = EpisodeReportIn
    prefix = "report"

    last_seen_at = _when(_("Last seen at"))
    last_seen_place = _text(_("Last seen where"))
    description = _text(
        _("Clothing and description"), help_text=_("What the child wore; how to recognise them.")
    )
    companions = _text(_("Who the child may be with"), required=False)
    circumstances = _text(_("Circumstances"), required=False)
    criteria = forms.MultipleChoiceField(
        label=_("Risk: what applies"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Trafficking indicators and an age under 13 are found on the file."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["criteria"].choices = criteria_choices()  # type: ignore[attr-defined]

    def input_data(self) -> dict[str, Any]:
        # The form's values are checked as the API's; the confirmation is the page's second step.
        return {**super().input_data(), "confirm": True}


class PoliceForm(InputForm[PoliceInformedIn]):
    input_model = PoliceInformedIn
    prefix = "police"

    informed_at = _when(_("Informed at"))
    officer = _name(_("Officer informed"))
    reference = _name(_("Police reference"), max_length=MAX_REF)


class AlertsForm(InputForm[AlertsIn]):
    input_model = AlertsIn
    prefix = "alerts"

    national_reference = _name(_("National alert reference"), max_length=MAX_REF)
    hotline_reference = _name(_("116 000 case reference"), required=False, max_length=MAX_REF)
    sis_reference = _name(_("SIS alert reference"), required=False, max_length=MAX_REF)


class SightingForm(InputForm[SightingIn]):
    input_model = SightingIn
    prefix = "sighting"

    seen_at = _when(_("Seen at"))
    place = _text(_("Where"))
    seen_by = _name(_("Seen by"))
    details = _text(_("What was seen"), required=False)


class ActionForm(InputForm[EpisodeActionIn]):
    input_model = EpisodeActionIn
    prefix = "action"

    taken_at = _when(_("Taken at"))
    taken_by = _name(_("Taken by"))
    action = _text(_("What was done"))


class FoundForm(InputForm[FoundIn]):
    input_model = FoundIn
    prefix = "found"

    found_at = _when(_("Found at"))
    found_place = _text(_("Found where"))
    found_by = _name(_("Found by"))
    state = forms.ChoiceField(label=_("The child's state"), choices=FoundState.choices)
    state_notes = _text(_("Notes on the child's state"), required=False)


class CloseForm(InputForm[CloseIn]):
    input_model = CloseIn
    prefix = "close"

    reason = forms.ChoiceField(label=_("Reason"), choices=CloseReason.choices)
    notes = _text(_("Notes"))


class InterviewForm(InputForm[InterviewIn]):
    input_model = InterviewIn
    prefix = "interview"

    held_at = _when(_("Held at"))
    interviewer = _name(_("Interviewed by"))
    notes = _text(_("Notes"))
    child_views = _text(_("The child's views"), help_text=_("In the child's words."))


class PhotoForm(InputForm[PhotoIn]):
    input_model = PhotoIn
    prefix = "photo"

    photo = forms.FileField(label=_("Recent photo (JPEG or PNG, at most 5 MB)"))
    consent = forms.ChoiceField(label=_("Consent to the photo"), choices=PhotoConsent.choices)

    def input_data(self) -> dict[str, Any]:
        return {"consent": self.cleaned_data["consent"]}
