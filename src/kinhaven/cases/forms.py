from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinhaven.accounts.models import User
from kinhaven.cases.enums import CaseStatus


class AssigneeField(forms.ModelChoiceField):  # type: ignore[type-arg]  # User queryset
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username  # type: ignore[no-any-return]  # User


class CaseForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why the case is opened: circumstances, first needs."),
    )
    assigned_to = AssigneeField(
        label=_("Assigned caseworker"),
        queryset=User.objects.none(),
        required=False,
        to_field_name="public_id",
    )

    def __init__(self, *args: Any, assignees: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assigned_to"]
        assert isinstance(field, AssigneeField)  # noqa: S101
        field.queryset = User.objects.filter(pk__in=[u.pk for u in assignees]).order_by("username")


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label=_("New status"), choices=CaseStatus.choices)
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Note"), max_length=20000, widget=forms.Textarea(attrs={"rows": 3})
    )


class MissingForm(forms.Form):
    missing = forms.BooleanField(required=False)


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or reference"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *CaseStatus.choices]
    )
    missing = forms.BooleanField(label=_("Missing only"), required=False)
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)
