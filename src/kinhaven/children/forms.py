"""The web form of a child's record. It collects the values; the input model checks them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinhaven.children.enums import (
    BirthRegistration,
    DocumentType,
    Sex,
    Tracing,
    VulnerabilityFactor,
)
from kinhaven.children.models import Child
from kinhaven.children.schemas import (
    MAX_BREAK_GLASS_REASON,
    MAX_BREAK_GLASS_REFERENCE,
    MAX_DOCUMENT_NUMBER,
    MAX_LONG_TEXT,
    MAX_TEXT,
    BreakGlassByReferenceIn,
    ChildIn,
)
from kinhaven.children.sections import FIELD_SECTIONS
from kinhaven.children.validators import PARTIAL_DATE_LENGTH
from kinhaven.core.forms import InputForm
from kinhaven.core.locale_names import CountryField, LanguagesField


class ChildForm(InputForm[ChildIn]):
    input_model = ChildIn
    SECTIONS = (
        (
            _("Names"),
            ("given_name", "family_name", "given_name_latin", "family_name_latin", "aliases"),
        ),
        (
            _("Birth, age and origin"),
            (
                "sex",
                "date_of_birth",
                "age_estimate_years",
                "age_estimated_on",
                "nationality",
                "languages",
                "place_of_birth",
                "birth_registration",
            ),
        ),
        (_("Family and tracing"), ("tracing", "mother_name", "father_name")),
        (_("Vulnerability"), ("vulnerability_factors",)),
        (_("Identity document"), ("document_type", "document_number", "document_country")),
        (
            _("Location, health and legal situation"),
            ("current_location", "health_notes", "legal_notes"),
        ),
    )

    given_name = forms.CharField(
        label=_("Given name (any script)"), required=False, max_length=MAX_TEXT
    )
    family_name = forms.CharField(
        label=_("Family name (any script)"), required=False, max_length=MAX_TEXT
    )
    given_name_latin = forms.CharField(
        label=_("Given name in Latin letters"),
        required=False,
        max_length=MAX_TEXT,
        help_text=_("Left blank, it is transliterated automatically."),
    )
    family_name_latin = forms.CharField(
        label=_("Family name in Latin letters"), required=False, max_length=MAX_TEXT
    )
    aliases = forms.CharField(
        label=_("Other names and spellings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line."),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    date_of_birth = forms.CharField(
        label=_("Date of birth"),
        required=False,
        max_length=PARTIAL_DATE_LENGTH,
        help_text=_("YYYY, YYYY-MM or YYYY-MM-DD; leave blank if unknown."),
    )
    age_estimate_years = forms.IntegerField(
        label=_("Estimated age (years)"), required=False, min_value=0, max_value=25
    )
    age_estimated_on = forms.DateField(
        label=_("Age estimated on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    nationality = CountryField(label=_("Nationality"))
    languages = LanguagesField(label=_("Languages"))
    place_of_birth = forms.CharField(label=_("Place of birth"), required=False, max_length=MAX_TEXT)
    birth_registration = forms.ChoiceField(
        label=_("Birth registration"),
        choices=BirthRegistration.choices,
        initial=BirthRegistration.UNKNOWN,
    )
    tracing = forms.ChoiceField(
        label=_("Family tracing"),
        required=False,
        choices=Tracing.choices,
        initial=Tracing.UNDECIDED,
        help_text=_(
            "Allow tracing only when searching for the child's family cannot put the child at "
            "risk; until then, tracing requests do not find the child."
        ),
    )
    mother_name = forms.CharField(label=_("Mother's name"), required=False, max_length=MAX_TEXT)
    father_name = forms.CharField(label=_("Father's name"), required=False, max_length=MAX_TEXT)
    vulnerability_factors = forms.MultipleChoiceField(
        label=_("Vulnerability factors"),
        required=False,
        choices=VulnerabilityFactor.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    document_type = forms.ChoiceField(
        label=_("Identity document"),
        required=False,
        choices=[("", _("None")), *DocumentType.choices],
    )
    document_number = forms.CharField(
        label=_("Document number"), required=False, max_length=MAX_DOCUMENT_NUMBER
    )
    document_country = CountryField(label=_("Issuing country"))
    current_location = forms.CharField(
        label=_("Where the child is now"),
        required=False,
        max_length=MAX_LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    health_notes = forms.CharField(
        label=_("Health"),
        required=False,
        max_length=MAX_LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    legal_notes = forms.CharField(
        label=_("Legal situation"),
        required=False,
        max_length=MAX_LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    PLAIN_FIELDS = (
        "given_name",
        "family_name",
        "given_name_latin",
        "family_name_latin",
        "sex",
        "date_of_birth",
        "age_estimate_years",
        "age_estimated_on",
        "nationality",
        "place_of_birth",
        "birth_registration",
        "tracing",
        "mother_name",
        "father_name",
        "vulnerability_factors",
        "current_location",
        "health_notes",
        "legal_notes",
    )
    DOCUMENT_FIELDS = ("document_type", "document_number", "document_country")

    def __init__(
        self,
        *args: Any,
        writable: frozenset[str],
        child: Child | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # Only the sections the user may write are on the form.
        for name in list(self.fields):
            source = "documents" if name in self.DOCUMENT_FIELDS else name
            if FIELD_SECTIONS[source].value not in writable:
                del self.fields[name]
        # Several documents are edited through the API; the form must not drop them.
        self.edits_documents = "document_type" in self.fields and (
            child is None or child.documents.count() <= 1
        )
        if not self.edits_documents:
            for name in self.DOCUMENT_FIELDS:
                self.fields.pop(name, None)

    def input_data(self) -> dict[str, Any]:
        """The form's values in the input model's terms: only the sections on the form."""
        data = {name: self.cleaned_data[name] for name in self.PLAIN_FIELDS if name in self.fields}
        if "aliases" in self.fields:
            aliases = self.cleaned_data["aliases"].splitlines()
            data["aliases"] = [a for a in aliases if a.strip()]
        if "languages" in self.fields:
            data["languages"] = list(self.cleaned_data["languages"])
        if not self.edits_documents:
            return data
        document_type = self.cleaned_data["document_type"]
        data["documents"] = (
            [
                {
                    "document_type": document_type,
                    "number": self.cleaned_data["document_number"],
                    "issuing_country": self.cleaned_data["document_country"],
                }
            ]
            if document_type
            else []
        )
        return data

    @classmethod
    def initial_for(cls, child: Child) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(child, name, None) for name in cls.PLAIN_FIELDS}
        dob = child.date_of_birth
        initial["date_of_birth"] = str(dob) if dob else ""
        initial["aliases"] = "\n".join(a.name for a in child.aliases.all())
        initial["languages"] = list(child.languages)
        document = next(iter(child.documents.all()), None)
        if document:
            initial.update(
                document_type=document.document_type,
                document_number=document.number,
                document_country=document.issuing_country,
            )
        return initial

    def service_field(self, name: str) -> str:
        """Map a service field name to the form field that shows its errors."""
        return {"documents": "document_type"}.get(name, name)


class BreakGlassForm(InputForm[BreakGlassByReferenceIn]):
    input_model = BreakGlassByReferenceIn

    reference = forms.CharField(
        label=_("Case reference or child id"),
        max_length=MAX_BREAK_GLASS_REFERENCE,
        help_text=_("For example KH-2026-000123."),
    )
    reason = forms.CharField(
        label=_("Why do you need this record now?"),
        max_length=MAX_BREAK_GLASS_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
