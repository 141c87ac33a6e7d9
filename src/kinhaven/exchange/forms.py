"""Forms of the exchange pages; each builds its write's input model (exchange.schemas)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinhaven.accounts.models import Agency
from kinhaven.core.forms import InputForm, date_field, text_area
from kinhaven.core.locale_names import CountryField, LanguageField, country_name
from kinhaven.exchange.enums import LegalBasis
from kinhaven.exchange.schemas import (
    MAX_NAME,
    MAX_TEXT,
    CaseTransferIn,
    FamilyAssessmentAnswerIn,
    FamilyAssessmentRequestIn,
    MatchAnswerIn,
    MatchConfirmIn,
    MissingAlertIn,
    PeerAddIn,
    RegistrationQueryIn,
    ReturnArrangementIn,
    TracingSendIn,
)
from kinhaven.exchange.selectors import peers_active

_date = date_field
_text = partial(text_area, max_length=MAX_TEXT)

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


def _peer_choices() -> list[tuple[str, str]]:
    return [("", "—")] + [
        (str(p.public_id), f"{country_name(p.country)} · {p.instance_id}") for p in peers_active()
    ]


class _ContactFields(forms.Form):
    contact_phone = forms.CharField(label=_("Contact telephone"), required=False, max_length=40)
    contact_email = forms.CharField(label=_("Contact e-mail"), required=False, max_length=200)


class PeerAddForm(InputForm[PeerAddIn]):
    input_model = PeerAddIn

    base_url = forms.CharField(label=_("Address of the instance"), max_length=MAX_NAME)
    country = CountryField(label=_("Country"), required=True, persons=False)
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
    nationality = CountryField(label=_("Nationality"))
    last_seen_place = forms.CharField(label=_("Last seen at"), required=False, max_length=MAX_NAME)
    last_seen_on = _date(_("Last seen on"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["peer_id"].choices = _peer_choices()  # type: ignore[attr-defined]  # a ChoiceField
        self.order_fields(TRACING_ORDER)


QUERY_BASES = [
    (LegalBasis.CHILD_PROTECTION.value, LegalBasis.CHILD_PROTECTION.label),
    (LegalBasis.MISSING_CHILD.value, LegalBasis.MISSING_CHILD.label),
]


class _PeerForm(forms.Form):
    peer_id = forms.ChoiceField(label=_("Partner instance"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["peer_id"].choices = _peer_choices()  # type: ignore[attr-defined]  # a ChoiceField
        order = ["peer_id", *(n for n in self.fields if n not in {"peer_id", *CONTACT})]
        self.order_fields([*order, *CONTACT])


CONTACT = ["contact_phone", "contact_email"]


class RegistrationQueryForm(InputForm[RegistrationQueryIn], _PeerForm):
    """Ask a partner whether a child is registered there. For a case the child's record is
    encoded and the name fields are not shown."""

    input_model = RegistrationQueryIn

    legal_basis = forms.ChoiceField(label=_("Legal basis"), choices=QUERY_BASES)
    given_name = forms.CharField(label=_("Given name of the child sought"), max_length=MAX_NAME)
    family_name = forms.CharField(label=_("Family name"), required=False, max_length=MAX_NAME)
    date_of_birth = forms.CharField(
        label=_("Date of birth (YYYY, YYYY-MM or YYYY-MM-DD)"), required=False, max_length=10
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=SEXES)

    def __init__(self, *args: Any, for_case: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if for_case:
            for name in ("given_name", "family_name", "date_of_birth", "sex"):
                del self.fields[name]


class MatchConfirmForm(InputForm[MatchConfirmIn]):
    input_model = MatchConfirmIn

    legal_basis = forms.ChoiceField(label=_("Legal basis"), choices=QUERY_BASES)


class MatchAnswerForm(InputForm[MatchAnswerIn]):
    input_model = MatchAnswerIn

    decision = forms.ChoiceField(
        label=_("Is this the child the partner seeks, and may the identity go to it?"),
        choices=[
            ("confirm", _("Yes: confirm and disclose the identity to this partner")),
            ("decline", _("No: not the same child, or disclosing is not in the child's interest")),
        ],
        widget=forms.RadioSelect,
    )
    legal_basis = forms.CharField(
        label=_("Legal basis of the disclosure (in words)"), required=False, max_length=MAX_NAME
    )


class FamilyAssessmentRequestForm(InputForm[FamilyAssessmentRequestIn], _PeerForm, _ContactFields):
    input_model = FamilyAssessmentRequestIn

    relationship = forms.ChoiceField(label=_("Family member to assess"), choices=RELATIONSHIPS)
    locality = forms.CharField(label=_("Locality where the family lives"), max_length=MAX_NAME)
    questions = _text(_("What the assessment is to answer"))


class FamilyAssessmentAnswerForm(InputForm[FamilyAssessmentAnswerIn]):
    input_model = FamilyAssessmentAnswerIn

    recommendation = forms.ChoiceField(
        label=_("Recommendation"),
        choices=[
            ("return_recommended", _("Return recommended")),
            ("return_not_recommended", _("Return not recommended")),
            ("inconclusive", _("Inconclusive")),
        ],
    )
    summary = _text(_("Summary of the assessment"))


class ReturnArrangementForm(InputForm[ReturnArrangementIn], _PeerForm, _ContactFields):
    input_model = ReturnArrangementIn

    kind = forms.ChoiceField(
        label=_("Arrangement"),
        choices=[("return", _("Return to the country of origin")), ("transfer", _("Transfer"))],
    )
    planned_on = _date(_("Planned on"))
    escort = forms.ChoiceField(
        label=_("Escort"),
        choices=[
            ("guardian", _("Guardian")),
            ("social_worker", _("Social worker")),
            ("police", _("Police")),
            ("other", _("Other")),
        ],
    )
    receiving_service = forms.CharField(label=_("Receiving service"), max_length=MAX_NAME)


class CaseTransferForm(InputForm[CaseTransferIn], _PeerForm, _ContactFields):
    input_model = CaseTransferIn

    reason = _text(_("Why the case moves"))
    consent_given = forms.BooleanField(
        label=_("The child gave informed consent to the transfer"), required=False
    )
    consent_recorded_on = _date(_("Consent recorded on"))
    heard_by = forms.CharField(label=_("Heard by (role)"), max_length=MAX_NAME)
    child_informed_in_language = LanguageField(label=_("Language the child was informed in"))
