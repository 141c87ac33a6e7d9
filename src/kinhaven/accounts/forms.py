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


class LanguageForm(forms.Form):
    """The language switcher: the staff languages for a signed-in user, every public language for
    a visitor of the public pages."""

    language = forms.ChoiceField(label=gettext_lazy("Language"))
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, languages: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = languages  # type: ignore[attr-defined]  # a ChoiceField
