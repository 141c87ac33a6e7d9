from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinhaven.accounts.enums import RoleCode
from kinhaven.accounts.models import User
from kinhaven.conferences.enums import ParticipantRole
from kinhaven.conferences.services import ActionIn, ParticipantIn

ROLE_OF: dict[str, ParticipantRole] = {
    RoleCode.CASEWORKER: ParticipantRole.CASEWORKER,
    RoleCode.SUPERVISOR: ParticipantRole.SOCIAL_SERVICES,
    RoleCode.FRONTLINE_RESPONDER: ParticipantRole.SOCIAL_SERVICES,
    RoleCode.GUARDIAN: ParticipantRole.GUARDIAN,
    RoleCode.POLICE_INVESTIGATOR: ParticipantRole.POLICE,
}
ACTION_ROWS = 3


class ConferenceForm(forms.Form):
    held_at = forms.DateTimeField(
        label=_("Held"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    location = forms.CharField(label=_("Where"), required=False, max_length=200)
    purpose = forms.CharField(
        label=_("Purpose"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Staff who took part"),
        queryset=User.objects.none(),
        required=False,
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple,
    )
    others = forms.CharField(
        label=_("Others who took part"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line: name and organisation."),
    )
    child_heard = forms.BooleanField(label=_("The child was heard"), required=False)
    child_views = forms.CharField(
        label=_("The child's views, in the child's own words"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    decisions = forms.CharField(
        label=_("Decisions"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    interpreter_language = forms.CharField(
        label=_("Interpreter or cultural mediator for (ISO 639 language)"),
        required=False,
        max_length=3,
    )

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = (
            User.objects.filter(is_active=True)
            .filter(Q(agency_id=agency_id) | Q(role__code=RoleCode.GUARDIAN))
            .select_related("role")
        )
        field = self.fields["participants"]
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101
        field.queryset = staff.order_by("username")
        for row in range(1, ACTION_ROWS + 1):
            self.fields[f"action_{row}"] = forms.CharField(
                label=_("Action %(n)d") % {"n": row}, required=False, max_length=2000
            )
            self.fields[f"action_{row}_owner"] = forms.ModelChoiceField(
                label=_("Owner"),
                queryset=staff.order_by("username"),
                required=False,
                to_field_name="public_id",
            )
            self.fields[f"action_{row}_due"] = forms.DateField(
                label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for row in range(1, ACTION_ROWS + 1):
            filled = [
                data.get(f"action_{row}"),
                data.get(f"action_{row}_owner"),
                data.get(f"action_{row}_due"),
            ]
            if any(filled) and not all(filled):
                self.add_error(f"action_{row}", _("Give the action, its owner and its due date."))
        return data

    def participant_list(self) -> list[ParticipantIn]:
        people = [
            ParticipantIn(role=ROLE_OF.get(u.role_code, ParticipantRole.OTHER), user=u)
            for u in self.cleaned_data["participants"]
        ]
        for line in (self.cleaned_data.get("others") or "").splitlines():
            if line.strip():
                people.append(ParticipantIn(role=ParticipantRole.OTHER, name=line.strip()))
        return people

    def action_list(self) -> list[ActionIn]:
        actions = []
        for row in range(1, ACTION_ROWS + 1):
            description = self.cleaned_data.get(f"action_{row}")
            owner = self.cleaned_data.get(f"action_{row}_owner")
            due: dt.date | None = self.cleaned_data.get(f"action_{row}_due")
            if description and owner and due:
                actions.append(ActionIn(description=description, owner=owner, due_on=due))
        return actions
