"""Forms of the interview pages; each builds its write's input model (interviews.schemas)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinhaven.core.forms import InputForm, text_area
from kinhaven.core.locale_names import LanguageField
from kinhaven.interviews.enums import InterviewerRole, LanguageSupport, TeamRole
from kinhaven.interviews.schemas import (
    MAX_NAME,
    MAX_TEXT,
    InterviewCancelIn,
    InterviewHeldIn,
    InterviewPlanIn,
)
from kinhaven.legal.enums import SpecialMeasure

_text = partial(text_area, max_length=MAX_TEXT)

TEAM_ROWS = 4
TEAM_FIELDS = ("role", "name", "agreed_role")


def _when(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )


class InterviewPlanForm(InputForm[InterviewPlanIn]):
    """The plan: the matter, the interviewer and their training, the team in another room with
    their agreed roles (rows), the interpreter or mediator, the special measures."""

    input_model = InterviewPlanIn

    matter = forms.CharField(label=_("Matter the child is heard on"), max_length=MAX_NAME)
    proceeding_id = forms.ChoiceField(label=_("Criminal proceeding it serves"), required=False)
    purpose = _text(_("Purpose of the interview"))
    planned_at = _when(_("Planned for"))
    room = forms.CharField(label=_("Room (adapted for children)"), max_length=MAX_NAME)
    interviewer_name = forms.CharField(label=_("Interviewer"), max_length=MAX_NAME)
    interviewer_role = forms.ChoiceField(
        label=_("Interviewer's role"), choices=InterviewerRole.choices
    )
    interviewer_training = forms.CharField(
        label=_("Forensic interview training held"), max_length=MAX_NAME
    )
    interviewer_trained_on = forms.DateField(
        label=_("Training completed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    language_support_kind = forms.ChoiceField(
        label=_("Interpreter or cultural mediator"),
        required=False,
        choices=[("", _("None needed")), *LanguageSupport.choices],
    )
    language_support_language = LanguageField(label=_("Language"), required=False)
    language_support_name = forms.CharField(
        label=_("Interpreter's or mediator's name"), required=False, max_length=MAX_NAME
    )
    special_measures = forms.MultipleChoiceField(
        label=_("Special measures"),
        required=False,
        choices=SpecialMeasure.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    justification = _text(
        _("Why a repeat interview is needed (only when the child was heard on this matter)"),
        required=False,
    )

    def __init__(
        self, *args: Any, proceedings: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["proceeding_id"].choices = [  # type: ignore[attr-defined]  # a ChoiceField
            ("", _("None")),
            *(proceedings or []),
        ]
        for i in range(TEAM_ROWS):
            self.fields[f"team_{i}_role"] = forms.ChoiceField(
                label=_("Team member %(n)d: role") % {"n": i + 1},
                required=False,
                choices=[("", "—"), *TeamRole.choices],
            )
            self.fields[f"team_{i}_name"] = forms.CharField(
                label=_("Name"), required=False, max_length=MAX_NAME
            )
            self.fields[f"team_{i}_agreed_role"] = forms.CharField(
                label=_("Role agreed beforehand"), required=False, max_length=MAX_NAME
            )

    def clean(self) -> dict[str, Any] | None:
        # A team row is all or nothing: a half-filled row says which part is missing.
        for i in range(TEAM_ROWS):
            values = {f: (self.cleaned_data.get(f"team_{i}_{f}") or "") for f in TEAM_FIELDS}
            if any(values.values()):
                for name, value in values.items():
                    if not value:
                        self.add_error(f"team_{i}_{name}", _("This field is required."))
        return super().clean()

    def input_data(self) -> dict[str, Any]:
        data = {
            name: self.cleaned_data[name]
            for name in (
                "matter",
                "purpose",
                "planned_at",
                "room",
                "interviewer_name",
                "interviewer_role",
                "interviewer_training",
                "interviewer_trained_on",
                "special_measures",
                "justification",
            )
        }
        data["proceeding_id"] = self.cleaned_data.get("proceeding_id") or None
        data["team"] = [
            {f: self.cleaned_data[f"team_{i}_{f}"] for f in TEAM_FIELDS}
            for i in range(TEAM_ROWS)
            if self.cleaned_data.get(f"team_{i}_role")
        ]
        kind = self.cleaned_data.get("language_support_kind")
        data["language_support"] = (
            {
                "kind": kind,
                "language": self.cleaned_data.get("language_support_language", ""),
                "name": self.cleaned_data.get("language_support_name", ""),
            }
            if kind
            else None
        )
        return data

    def service_field(self, name: str) -> str:
        return {"language_support": "language_support_language", "team": "team_0_role"}.get(
            name, name
        )


class InterviewHeldForm(InputForm[InterviewHeldIn]):
    input_model = InterviewHeldIn

    held_at = _when(_("Held at"))
    room = forms.CharField(label=_("Room"), max_length=MAX_NAME)
    present = _text(_("Who was present, one per line (name and role)"))
    recording_reference = forms.CharField(
        label=_("Recording (where it is kept)"), max_length=MAX_NAME
    )
    notes = _text(_("Notes"), required=False)

    def input_data(self) -> dict[str, Any]:
        data = super().input_data()
        data["present"] = [line.strip() for line in data["present"].splitlines() if line.strip()]
        return data


class InterviewCancelForm(InputForm[InterviewCancelIn]):
    input_model = InterviewCancelIn

    reason = _text(_("Why the interview is cancelled"))


class InterviewApproveForm(forms.Form):
    """Approving a repeat interview takes no value: the button is the decision."""
