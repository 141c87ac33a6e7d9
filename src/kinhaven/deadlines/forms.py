"""The web form that records a deadline as met; CompletionIn checks it, as it does for the API."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kinhaven.core.forms import InputForm
from kinhaven.deadlines.schemas import MAX_NOTE, CompletionIn


class CompletionForm(InputForm[CompletionIn]):
    # Not required here: an empty note gets the input model's own words, as in the API.
    note = forms.CharField(
        label=_("What was decided"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.TextInput(
            attrs={
                "required": True,
                "placeholder": _("What was decided"),
                "aria-label": _("What was decided"),
            }
        ),
    )

    input_model = CompletionIn
