from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kinhaven.accounts.enums import Section
from kinhaven.accounts.forms import PersonChoiceField
from kinhaven.accounts.models import Agency, User
from kinhaven.accounts.selectors import casework_people
from kinhaven.core.forms import InputForm, text_area
from kinhaven.core.locale_names import LanguageField, LanguagesField
from kinhaven.referrals.enums import (
    Consent,
    ReferralReason,
    ReferralUrgency,
    ServiceKind,
    TransferConsent,
)
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
    TransferFieldsIn,
    TransferRefuseIn,
    TransferWithdrawIn,
)
from kinhaven.referrals.selectors import services_active


def _blank_first(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """A choice the user must make: an empty first option, nothing pre-selected."""
    return [("", _("Choose…")), *choices]


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
    name = forms.CharField(label=pgettext_lazy("of a thing", "Name"), max_length=MAX_SERVICE_NAME)
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
    # No consent is assumed: the sender chooses it.
    consent = forms.ChoiceField(label=_("Consent"), choices=_blank_first(Consent.choices))
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


class AgencyChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]  # generic only in the stubs
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class TransferForm(InputForm[TransferFieldsIn]):
    """The transfer of a whole case; nothing is pre-set, least of all the consent."""

    input_model = TransferFieldsIn

    to_agency = AgencyChoiceField(
        label=_("Receiving agency"),
        queryset=Agency.objects.none(),
        to_field_name="public_id",
        empty_label=_("Choose…"),
    )
    reasons = text_area(_("Reasons for the transfer"), max_length=MAX_REFERRAL_TEXT)
    needs = forms.MultipleChoiceField(
        label=_("What the child needs"),
        choices=ServiceKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The receiving agency sees these, the urgency, the child's age band and sex."),
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=_blank_first(ReferralUrgency.choices))
    consent = forms.ChoiceField(
        label=_("Who consented"), choices=_blank_first(TransferConsent.choices)
    )
    consent_note = text_area(
        _("Why consent was not sought"),
        max_length=MAX_REFERRAL_TEXT,
        required=False,
        rows=2,
        help_text=_("Required when consent was not sought."),
    )
    note = text_area(
        _("Note to the receiving agency"), max_length=MAX_REFERRAL_TEXT, required=False, rows=2
    )

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_agency"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = Agency.objects.exclude(pk=agency_id).order_by("name")

    def input_data(self) -> dict[str, Any]:
        data = super().input_data()
        data["to_agency_id"] = data.pop("to_agency").public_id
        return data

    def service_field(self, name: str) -> str:
        return "to_agency" if name == "to_agency_id" else name


class TransferAcceptForm(forms.Form):
    """Taking a case over: who in the agency takes it, picked by name and role."""

    assigned_to = PersonChoiceField(
        label=_("Who takes the case"),
        queryset=User.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label=_("Nobody yet (unassigned, for the supervisors)"),
    )

    def __init__(self, *args: Any, users: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assigned_to"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        # Only casework staff, by name as their labels read.
        field.queryset = casework_people(User.objects.filter(pk__in=[u.pk for u in users]))


class TransferRefuseForm(InputForm[TransferRefuseIn]):
    input_model = TransferRefuseIn

    reasons = text_area(_("Why you refuse"), max_length=MAX_REFERRAL_TEXT, rows=2)


class TransferWithdrawForm(InputForm[TransferWithdrawIn]):
    input_model = TransferWithdrawIn

    reasons = text_area(
        _("Why the transfer is withdrawn"), max_length=MAX_REFERRAL_TEXT, required=False, rows=2
    )
