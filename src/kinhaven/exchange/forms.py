"""Forms of the exchange pages; each builds its write's input model (exchange.schemas)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinhaven.accounts.models import Agency
from kinhaven.core.forms import InputForm
from kinhaven.exchange.enums import LegalBasis
from kinhaven.exchange.schemas import (
    MAX_NAME,
    MAX_TEXT,
    MissingAlertIn,
    PeerAddIn,
    TracingSendIn,
)
from kinhaven.exchange.selectors import peers_active

SEXES = [("U", _("Unknown")), ("F", _("Female")), ("M", _("Male")), ("X", _("Other"))]
RELATIONSHIPS = [
    ("mother", _("Mother")),
    ("father", _("Father")),
    ("sibling", _("Sibling")),
    ("grandparent", _("Grandparent")),
    ("aunt_uncle", _("Aunt or uncle")),
    ("other_relative", _("Other relative")),
    ("other", _("Other")),
]


ALERT_ORDER = [
    "peer_id",
    "legal_basis",
    "first_name",
    "sex",
    "birth_year",
    "age_years",
    "description",
    "last_seen_place",
    "last_seen_on",
    "expires_on",
    "contact_phone",
    "contact_email",
]

TRACING_ORDER = [
    "peer_id",
    "seeker_relationship",
    "sex",
    "birth_year",
    "nationality",
    "last_seen_place",
    "last_seen_on",
    "contact_phone",
    "contact_email",
]


def _date(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"})
    )


def _peer_choices() -> list[tuple[str, str]]:
    return [("", "—")] + [
        (str(p.public_id), f"{p.country} · {p.instance_id}") for p in peers_active()
    ]


class _ContactFields(forms.Form):
    contact_phone = forms.CharField(label=_("Contact telephone"), required=False, max_length=40)
    contact_email = forms.CharField(label=_("Contact e-mail"), required=False, max_length=200)


class PeerAddForm(InputForm[PeerAddIn]):
    input_model = PeerAddIn

    base_url = forms.CharField(label=_("Address of the instance"), max_length=MAX_NAME)
    country = forms.CharField(label=_("Country (ISO 3166-1 alpha-3)"), max_length=3)
    thumbprint = forms.CharField(
        label=_("Thumbprint of its signing key"),
        max_length=43,
        help_text=_("Exchanged out of band, for example read out by telephone."),
    )
    agency_id = forms.ChoiceField(label=_("Agency that receives its messages"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = [(str(a.public_id), a.name) for a in Agency.objects.order_by("name")]
        self.fields["agency_id"].choices = [("", "—"), *agencies]  # type: ignore[attr-defined]  # a ChoiceField


class MissingAlertForm(InputForm[MissingAlertIn], _ContactFields):
    input_model = MissingAlertIn

    peer_id = forms.ChoiceField(label=_("Partner instance"))
    legal_basis = forms.ChoiceField(
        label=_("Legal basis"),
        choices=[
            (LegalBasis.MISSING_CHILD.value, LegalBasis.MISSING_CHILD.label),
            (LegalBasis.LAW_ENFORCEMENT.value, LegalBasis.LAW_ENFORCEMENT.label),
        ],
    )
    first_name = forms.CharField(label=_("First name"), max_length=MAX_NAME)
    sex = forms.ChoiceField(label=_("Sex"), choices=SEXES)
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False)
    age_years = forms.IntegerField(label=_("Age (years), if the year is unknown"), required=False)
    description = forms.CharField(
        label=_("Description (appearance, clothing)"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    last_seen_place = forms.CharField(label=_("Last seen at"), max_length=MAX_NAME)
    last_seen_on = _date(_("Last seen on"))
    expires_on = _date(_("Alert expires on"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["peer_id"].choices = _peer_choices()  # type: ignore[attr-defined]  # a ChoiceField
        self.order_fields(ALERT_ORDER)


class TracingSendForm(InputForm[TracingSendIn], _ContactFields):
    input_model = TracingSendIn

    peer_id = forms.ChoiceField(label=_("Partner instance"))
    seeker_relationship = forms.ChoiceField(label=_("Looked for by"), choices=RELATIONSHIPS)
    sex = forms.ChoiceField(label=_("Sex of the child sought"), choices=SEXES)
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False)
    nationality = forms.CharField(
        label=_("Nationality (ISO 3166-1 alpha-3)"), required=False, max_length=3
    )
    last_seen_place = forms.CharField(label=_("Last seen at"), required=False, max_length=MAX_NAME)
    last_seen_on = _date(_("Last seen on"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["peer_id"].choices = _peer_choices()  # type: ignore[attr-defined]  # a ChoiceField
        self.order_fields(TRACING_ORDER)
