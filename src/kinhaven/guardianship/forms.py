"""Forms for appointing and handing over a child's guardian. They collect the values; the input
models check them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinhaven.accounts.enums import RoleCode
from kinhaven.accounts.forms import PersonChoiceField
from kinhaven.accounts.models import User
from kinhaven.accounts.selectors import PERSON_ORDER
from kinhaven.core.forms import InputForm
from kinhaven.guardianship.schemas import MAX_REASON, GuardianIn, HandoverIn


class _GuardianFields(forms.Form):
    """The guardian, chosen among the active users with the guardian role."""

    guardian = PersonChoiceField(
        label=_("Guardian"),
        queryset=User.objects.none(),
        required=False,
        to_field_name="public_id",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["guardian"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = (
            User.objects.filter(is_active=True, role__code=RoleCode.GUARDIAN)
            .select_related("role")
            .order_by(*PERSON_ORDER)
        )

    def input_data(self) -> dict[str, Any]:
        """The form's values in the input model's terms: the guardian by id."""
        data = {name: self.cleaned_data[name] for name in self.fields}
        guardian = data["guardian"]
        data["guardian"] = guardian.public_id if guardian is not None else None
        return data


class GuardianForm(_GuardianFields, InputForm[GuardianIn]):
    input_model = GuardianIn


class GuardianHandoverForm(_GuardianFields, InputForm[HandoverIn]):
    input_model = HandoverIn

    reason = forms.CharField(
        label=_("Reason for the handover"),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["guardian"].required = True
        self.fields["guardian"].label = _("New guardian")
