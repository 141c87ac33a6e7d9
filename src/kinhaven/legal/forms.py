from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinhaven.core.forms import InputForm
from kinhaven.core.languages import language_choices, public_languages_all
from kinhaven.core.locale_names import LanguageField
from kinhaven.legal.enums import (
    TRACK_STATUSES,
    ChildRole,
    PermitBasis,
    ProceedingStatus,
    Track,
    Understood,
)
from kinhaven.legal.schemas import (
    MAX_AUTHORITY,
    MAX_NEXT_STEP,
    MAX_NOTE,
    MAX_REFERENCE,
    InformationFieldsIn,
    PermitFieldsIn,
    ProceedingFieldsIn,
    ProceedingPatch,
)


class _ProceedingFields(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ProceedingStatus.choices)
    authority = forms.CharField(label=_("Authority"), required=False, max_length=MAX_AUTHORITY)
    reference = forms.CharField(
        label=_("Authority's reference"), required=False, max_length=MAX_REFERENCE
    )
    child_role = forms.ChoiceField(
        label=_("The child's part (criminal proceedings)"),
        required=False,
        choices=[("", "—"), *ChildRole.choices],
    )
    next_date = forms.DateField(
        label=_("Next date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    next_step = forms.CharField(label=_("Next step"), required=False, max_length=MAX_NEXT_STEP)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TrackStatusSelect(forms.Select):
    """The statuses grouped by track, each option marked with its track (`data-track`), so that
    legal/track-statuses.js offers only those of the track chosen in the select named by
    `data-track-field`."""

    def optgroups(self, name: str, value: list[Any], attrs: Any = None) -> list[Any]:
        groups = super().optgroups(name, value, attrs)
        # The groups come in the order of the choices: the empty choice, then one per track.
        for (_name, options, _index), track in zip(groups, ["", *TRACK_STATUSES], strict=True):
            for option in options:
                if track:
                    option["attrs"]["data-track"] = str(track)
        return groups


def track_status_choices() -> list[Any]:
    """The empty choice, then each track's statuses under the track's name (TRACK_STATUSES)."""
    return [
        ("", _("Choose a status of the track")),
        *(
            (Track(track).label, [(s.value, s.label) for s in statuses])
            for track, statuses in TRACK_STATUSES.items()
        ),
    ]


class ProceedingForm(_ProceedingFields, InputForm[ProceedingFieldsIn]):
    """A new proceeding; its status must belong to its track: the page offers only the chosen
    track's (legal/track-statuses.js), the input model refuses any other."""

    input_model = ProceedingFieldsIn
    field_order = ("track",)

    track = forms.ChoiceField(label=_("Track"), choices=Track.choices)
    status = forms.ChoiceField(
        label=_("Status"), choices=track_status_choices, widget=TrackStatusSelect
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].widget.attrs["data-track-field"] = self["track"].auto_id


class ProceedingChangeForm(_ProceedingFields, InputForm[ProceedingPatch]):
    """A proceeding's changes; its track is fixed, and the status offered are the track's."""

    input_model = ProceedingPatch

    def __init__(self, *args: Any, track: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (s.value, s.label) for s in TRACK_STATUSES[track]
        ]


class PermitForm(InputForm[PermitFieldsIn]):
    """A residence permit granted to the child; a permanent one has no expiry date."""

    input_model = PermitFieldsIn

    basis = forms.ChoiceField(label=_("Basis"), choices=PermitBasis.choices)
    granted_on = forms.DateField(
        label=_("Granted on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    expires_on = forms.DateField(
        label=_("Expires on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    authority = forms.CharField(label=_("Authority"), required=False, max_length=MAX_AUTHORITY)
    reference = forms.CharField(
        label=_("Authority's reference"), required=False, max_length=MAX_REFERENCE
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class InformationForm(InputForm[InformationFieldsIn]):
    """What the child was told; the decision it explains is picked from those not told yet."""

    input_model = InformationFieldsIn

    decision = forms.ChoiceField(label=_("Decision explained"), required=False)
    what = forms.CharField(
        label=_("What the child was told"),
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    told_at = forms.DateTimeField(
        label=_("When"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    language = LanguageField(label=_("Language"))
    understood = forms.ChoiceField(label=_("Did the child understand?"), choices=Understood.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, decisions: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [  # type: ignore[attr-defined]
            ("", _("None: information given on its own")),
            *((f"{d.kind}:{d.ref}", f"{d.on:%Y-%m-%d} · {d.label}") for d in decisions or []),
        ]

    def service_field(self, name: str) -> str:
        return "decision" if name in ("decision_kind", "decision_ref") else name

    def input_data(self) -> dict[str, Any]:
        data = super().input_data()
        kind, _sep, ref = str(data.pop("decision", "") or "").partition(":")
        return {**data, "decision_kind": kind, "decision_ref": ref}


class ChildSheetForm(forms.Form):
    """Which decision the sheet for the child explains, and in which of the public languages."""

    decision = forms.ChoiceField(label=_("Decision"))
    language = forms.ChoiceField(label=_("Language of the sheet"))

    def __init__(self, *args: Any, decisions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.decisions = {f"{d.kind}:{d.ref}": d for d in decisions}
        self.fields["decision"].choices = [  # type: ignore[attr-defined]  # a ChoiceField
            (key, f"{d.on:%Y-%m-%d} · {d.label}") for key, d in self.decisions.items()
        ]
        self.fields["language"].choices = language_choices(  # type: ignore[attr-defined]
            public_languages_all()
        )
