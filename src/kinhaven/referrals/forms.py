from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinhaven.accounts.enums import Section
from kinhaven.core.forms import InputForm
from kinhaven.core.locale_names import LanguageField, LanguagesField
from kinhaven.referrals.enums import Consent, ReferralReason, ReferralUrgency, ServiceKind
from kinhaven.referrals.models import Service
from kinhaven.referrals.schemas import (
    MAX_REFERRAL_STATUS,
    MAX_REFERRAL_TEXT,
    MAX_SERVICE_AGE,
    MAX_SERVICE_DESCRIPTION,
    MAX_SERVICE_LOCATION,
    MAX_SERVICE_NAME,
    ReferralFieldsIn,
    ReferralTransitionIn,
    ServiceIn,
    ServiceUpdateIn,
)
from kinhaven.referrals.selectors import services_active


class ServiceFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any")), *ServiceKind.choices]
    )
    language = LanguageField(label=_("Language"), required=False)
    age = forms.IntegerField(label=_("Child's age"), required=False, min_value=0, max_value=25)
    sex = forms.ChoiceField(
        label=_("For"),
        required=False,
        choices=[("", _("Anyone")), ("F", _("Girls")), ("M", _("Boys")), ("X", "X")],
    )
    q = forms.CharField(label=_("Name or place"), required=False, max_length=100)
    with_places = forms.BooleanField(label=_("Only with free places"), required=False)


class _ServiceFields(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ServiceKind.choices)
    name = forms.CharField(label=_("Name"), max_length=MAX_SERVICE_NAME)
    location = forms.CharField(label=_("Where"), required=False, max_length=MAX_SERVICE_LOCATION)
    languages = LanguagesField(label=_("Languages"))
    min_age = forms.IntegerField(
        label=_("From age"), required=False, min_value=0, max_value=MAX_SERVICE_AGE
    )
    max_age = forms.IntegerField(
        label=_("To age"), required=False, min_value=0, max_value=MAX_SERVICE_AGE
    )
    sexes = forms.MultipleChoiceField(
        label=_("For"),
        required=False,
        choices=[("F", _("Girls")), ("M", _("Boys")), ("X", "X")],
        widget=forms.CheckboxSelectMultiple,
    )
    capacity = forms.IntegerField(label=_("Places"), required=False, min_value=0)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=MAX_SERVICE_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def input_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["languages"] = list(data.get("languages") or [])
        return data


class ServiceForm(_ServiceFields, InputForm[ServiceIn]):
    input_model = ServiceIn


class ServiceEditForm(_ServiceFields, InputForm[ServiceUpdateIn]):
    input_model = ServiceUpdateIn

    active = forms.BooleanField(label=_("Listed in the directory"), required=False, initial=True)


class ServiceChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]  # generic only in the stubs
    def label_from_instance(self, obj: Any) -> str:
        label = f"{obj.get_kind_display()}: {obj.name} ({obj.agency.name})"
        if obj.places_free is not None:
            label += ", " + _("%(n)d of %(capacity)d places free") % {
                "n": obj.places_free,
                "capacity": obj.capacity,
            }
        return label


class ReferralForm(InputForm[ReferralFieldsIn]):
    """A referral to a service of another agency; the service chosen is passed by its id."""

    input_model = ReferralFieldsIn

    service = ServiceChoiceField(
        label=_("Service"), queryset=Service.objects.none(), to_field_name="public_id"
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=MAX_REFERRAL_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )
    reason_code = forms.ChoiceField(
        label=_("Why the child is referred"),
        choices=ReferralReason.choices,
        initial=ReferralReason.ADDITIONAL_SERVICES,
        required=False,
        # The input model's words (referrals.schemas), which never repeat the value.
        error_messages={"invalid_choice": _("Choose why the child is referred.")},
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"),
        choices=ReferralUrgency.choices,
        initial=ReferralUrgency.NORMAL,
        help_text=_(
            "By default an urgent referral is answered within 24 hours, "
            "another within 5 working days."
        ),
    )
    sections = forms.MultipleChoiceField(
        label=_("Parts of the file to share"),
        choices=Section.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    consent = forms.ChoiceField(label=_("Consent"), choices=Consent.choices)
    consent_note = forms.CharField(
        label=_("Note on consent (required for an override)"),
        required=False,
        max_length=MAX_REFERRAL_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        services = services_active().exclude(agency_id=agency_id)
        field = self.fields["service"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = services.order_by("kind", "name")

    def input_data(self) -> dict[str, Any]:
        data = super().input_data()
        data["service_id"] = data.pop("service").public_id
        if not data.get("reason_code"):
            del data["reason_code"]  # the model's default, as the API has it
        return data

    def service_field(self, name: str) -> str:
        return "service" if name == "service_id" else name


class TransitionForm(InputForm[ReferralTransitionIn]):
    input_model = ReferralTransitionIn

    to = forms.CharField(label=_("Next step"), max_length=MAX_REFERRAL_STATUS)
    reason = forms.CharField(
        label=_("Reason (required to decline or revoke)"),
        required=False,
        max_length=MAX_REFERRAL_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
