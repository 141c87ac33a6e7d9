"""Forms for appointing and handing over a child's guardian."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinhaven.accounts.enums import RoleCode
from kinhaven.accounts.models import User


class GuardianForm(forms.Form):
    guardian = forms.ModelChoiceField(
        label=_("Guardian"),
        queryset=User.objects.none(),
        required=False,
        to_field_name="public_id",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["guardian"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = User.objects.filter(is_active=True, role__code=RoleCode.GUARDIAN).order_by(
            "username"
        )


class GuardianHandoverForm(GuardianForm):
    reason = forms.CharField(
        label=_("Reason for the handover"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["guardian"].required = True
        self.fields["guardian"].label = _("New guardian")
