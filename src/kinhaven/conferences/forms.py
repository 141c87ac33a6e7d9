"""The web form of a case conference. It collects the values; the input model checks them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinhaven.accounts.enums import RoleCode
from kinhaven.accounts.forms import PeopleChoiceField, PersonChoiceField
from kinhaven.accounts.models import User
from kinhaven.accounts.selectors import casework_people
from kinhaven.conferences.enums import ParticipantRole
from kinhaven.conferences.schemas import (
    MAX_ACTION,
    MAX_LOCATION,
    MAX_OTHERS,
    MAX_TEXT,
    ConferenceFieldsIn,
)
from kinhaven.core.forms import InputForm
from kinhaven.core.locale_names import LanguageField

ROLE_OF: dict[str, ParticipantRole] = {
    RoleCode.CASEWORKER: ParticipantRole.CASEWORKER,
    RoleCode.SUPERVISOR: ParticipantRole.SOCIAL_SERVICES,
    RoleCode.FRONTLINE_RESPONDER: ParticipantRole.SOCIAL_SERVICES,
    RoleCode.GUARDIAN: ParticipantRole.GUARDIAN,
    RoleCode.POLICE_INVESTIGATOR: ParticipantRole.POLICE,
}
ACTION_ROWS = 3


class ConferenceForm(InputForm[ConferenceFieldsIn]):
    """A conference: the staff who took part are ticked and the others named one a line; each
    row of the form is one action item."""

    input_model = ConferenceFieldsIn

    held_at = forms.DateTimeField(
        label=_("Held"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    location = forms.CharField(label=_("Where"), required=False, max_length=MAX_LOCATION)
    purpose = forms.CharField(
        label=_("Purpose"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2})
    )
    participants = PeopleChoiceField(
        label=_("Staff who took part"),
        queryset=User.objects.none(),
        required=False,
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple,
    )
    others = forms.CharField(
        label=_("Others who took part"),
        required=False,
        max_length=MAX_OTHERS,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line: name and organisation."),
    )
    child_heard = forms.BooleanField(label=_("The child was heard"), required=False)
    child_views = forms.CharField(
        label=_("The child's views, in the child's own words"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    decisions = forms.CharField(
        label=_("Decisions"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    interpreter_language = LanguageField(
        label=_("Interpreter or cultural mediator for"), required=False
    )

    # The fields that are the input model's as they are.
    PLAIN_FIELDS = (
        "held_at",
        "location",
        "purpose",
        "child_heard",
        "child_views",
        "decisions",
        "interpreter_language",
    )

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The agency's casework staff, and guardians from anywhere: a guardian may be of
        # another organisation.
        staff = casework_people(
            User.objects.filter(Q(agency_id=agency_id) | Q(role__code=RoleCode.GUARDIAN))
        )
        field = self.fields["participants"]
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101
        field.queryset = staff
        for row in range(1, ACTION_ROWS + 1):
            self.fields[f"action_{row}"] = forms.CharField(
                label=_("Action %(n)d") % {"n": row}, required=False, max_length=MAX_ACTION
            )
            self.fields[f"action_{row}_owner"] = PersonChoiceField(
                label=_("Owner"),
                queryset=staff,
                required=False,
                to_field_name="public_id",
            )
            self.fields[f"action_{row}_due"] = forms.DateField(
                label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
            )

    def _row(self, row: int) -> tuple[Any, Any, Any]:
        data = self.cleaned_data
        return (
            data.get(f"action_{row}"),
            data.get(f"action_{row}_owner"),
            data.get(f"action_{row}_due"),
        )

    def clean(self) -> dict[str, Any] | None:
        # A row is an action item or nothing; the input model then checks the items.
        for row in range(1, ACTION_ROWS + 1):
            filled = self._row(row)
            if any(filled) and not all(filled):
                self.add_error(f"action_{row}", _("Give the action, its owner and its due date."))
        return super().clean()

    def input_data(self) -> dict[str, Any]:
        """The form's values in the input model's terms: the staff ticked and the others named
        are the participants, the rows filled in are the actions."""
        data: dict[str, Any] = {name: self.cleaned_data[name] for name in self.PLAIN_FIELDS}
        staff = [
            {
                "role": ROLE_OF.get(user.role_code, ParticipantRole.OTHER).value,
                "user_id": user.public_id,
            }
            for user in self.cleaned_data["participants"]
        ]
        others = [
            {"role": ParticipantRole.OTHER.value, "name": line}
            for line in self.cleaned_data["others"].splitlines()
            if line.strip()
        ]
        data["participants"] = staff + others
        rows = [self._row(row) for row in range(1, ACTION_ROWS + 1)]
        data["actions"] = [
            {"description": description, "owner_id": owner.public_id, "due_on": due}
            for description, owner, due in rows
            if description and owner and due
        ]
        return data
