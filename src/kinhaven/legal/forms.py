from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinhaven.core.forms import InputForm
from kinhaven.legal.enums import TRACK_STATUSES, ChildRole, ProceedingStatus, Track
from kinhaven.legal.schemas import (
    MAX_AUTHORITY,
    MAX_NEXT_STEP,
    MAX_NOTE,
    MAX_REFERENCE,
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


class ProceedingForm(_ProceedingFields, InputForm[ProceedingFieldsIn]):
    """A new proceeding; its status must belong to its track."""

    input_model = ProceedingFieldsIn
    field_order = ("track",)

    track = forms.ChoiceField(label=_("Track"), choices=Track.choices)


class ProceedingChangeForm(_ProceedingFields, InputForm[ProceedingPatch]):
    """A proceeding's changes; its track is fixed, and the status offered are the track's."""

    input_model = ProceedingPatch

    def __init__(self, *args: Any, track: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (s.value, s.label) for s in TRACK_STATUSES[track]
        ]
