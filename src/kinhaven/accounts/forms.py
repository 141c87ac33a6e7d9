"""Forms of the sign-in steps and of account management."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Six-digit code from your authenticator app"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class UserDeactivateForm(forms.Form):
    # Ticking the box is the confirmation: the page has no script to ask twice.
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "Yes, deactivate this account: the user is signed out and their API tokens stop "
            "working."
        ),
        error_messages={"required": gettext_lazy("Tick the box to confirm.")},
    )
