"""Forms of the sign-in steps and of account management."""

from __future__ import annotations

from typing import Any

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


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]  # a User queryset
    """A person picked by name and role ("Amira Haddad (Caseworker)"), never by username."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.person_label())


class PeopleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]  # Users
    """People picked by name and role."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.person_label())
