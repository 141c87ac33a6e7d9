"""The web forms of cases. They collect the values; each write's input model checks them, with the
limits of cases.schemas."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinhaven.accounts.models import User
from kinhaven.accounts.selectors import PERSON_ORDER
from kinhaven.cases.enums import CaseStatus
from kinhaven.cases.schemas import (
    MAX_NOTE,
    MAX_REASON,
    MAX_SEARCH,
    MAX_STATUS,
    MAX_SUMMARY,
    CaseIn,
    CasePatchIn,
    ClosureDecisionIn,
    NoteIn,
    TransitionIn,
)
from kinhaven.core.forms import InputForm, ListFilterForm


class AssigneeField(forms.ModelChoiceField):  # type: ignore[type-arg]  # User queryset
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.person_label())


class _CaseFields(forms.Form):
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=MAX_SUMMARY,
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
        field.queryset = User.objects.filter(pk__in=[u.pk for u in assignees]).order_by(
            *PERSON_ORDER
        )

    def input_data(self) -> dict[str, Any]:
        """The summary, and the chosen caseworker by the id the input model takes."""
        assignee = self.cleaned_data["assigned_to"]
        return {
            "summary": self.cleaned_data["summary"],
            "assigned_to": assignee.public_id if assignee else None,
        }


class CaseForm(_CaseFields, InputForm[CaseIn]):
    """A new case of a child: its summary and caseworker."""

    input_model = CaseIn


class CaseEditForm(_CaseFields, InputForm[CasePatchIn]):
    """A case's summary and caseworker; left blank, the caseworker is taken off the case."""

    input_model = CasePatchIn


class TransitionForm(InputForm[TransitionIn]):
    # The page offers the moves the case may take; the workflow checks the one sent.
    to = forms.CharField(label=_("New status"), max_length=MAX_STATUS)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    input_model = TransitionIn


class ClosureDecisionForm(InputForm[ClosureDecisionIn]):
    """A supervisor's decision on a request to close the case."""

    input_model = ClosureDecisionIn
    prefix = "closure"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve the closure")), ("send_back", _("Send back"))],
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        required=False,
        max_length=MAX_REASON,
        help_text=_("Needed when the closure is sent back."),
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )


class NoteForm(InputForm[NoteIn]):
    body = forms.CharField(
        label=_("Note"), max_length=MAX_NOTE, widget=forms.Textarea(attrs={"rows": 3})
    )

    input_model = NoteIn


class CaseFilterForm(ListFilterForm):
    q = forms.CharField(label=_("Name or reference"), required=False, max_length=MAX_SEARCH)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *CaseStatus.choices]
    )
    missing = forms.BooleanField(label=_("Missing only"), required=False)
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)

    # Filters that name no one may stand in a URL, so that a count (on the home page) can link
    # to the list it counts; a searched name or reference is only ever sent by POST.
    URL_FIELDS = ("status", "missing", "mine")
