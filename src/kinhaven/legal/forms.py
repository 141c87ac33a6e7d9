from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinhaven.legal.enums import TRACK_STATUSES, ChildRole, ProceedingStatus, Track


class ProceedingForm(forms.Form):
    """A proceeding's fields; the service checks that the status belongs to the track."""

    track = forms.ChoiceField(label=_("Track"), choices=Track.choices)
    status = forms.ChoiceField(label=_("Status"), choices=ProceedingStatus.choices)
    authority = forms.CharField(label=_("Authority"), required=False, max_length=200)
    reference = forms.CharField(label=_("Authority's reference"), required=False, max_length=100)
    child_role = forms.ChoiceField(
        label=_("The child's part (criminal proceedings)"),
        required=False,
        choices=[("", "—"), *ChildRole.choices],
    )
    next_date = forms.DateField(
        label=_("Next date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    next_step = forms.CharField(label=_("Next step"), required=False, max_length=300)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, track: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if track is not None:
            # Changing a proceeding: its track is fixed.
            del self.fields["track"]
            self.fields["status"].choices = [  # type: ignore[attr-defined]
                (s.value, s.label) for s in TRACK_STATUSES[track]
            ]
