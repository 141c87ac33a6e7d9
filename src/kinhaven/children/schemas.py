"""API input and output of children's records. The input model holds every check of a child's
fields: the API takes it as its body, the web form builds it, the services take it."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Annotated, Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field

from kinhaven.children.enums import BirthRegistration, DocumentType, Sex, Tracing
from kinhaven.children.models import Child
from kinhaven.children.sections import FIELD_SECTIONS, SectionAccess
from kinhaven.children.validators import (
    AgeEstimate,
    BirthDate,
    validate_country,
    validate_language,
    validate_vulnerability_factor,
)
from kinhaven.core.validation import (
    CountryCode,
    NoNul,
    PastDate,
    Required,
    SingleLine,
    Stripped,
    Text,
    checked,
    code_list,
    invalid,
)

MAX_TEXT = 200
MAX_LONG_TEXT = 5000
MAX_LIST = 20
MAX_DOCUMENT_NUMBER = 100

# A name or a short answer, kept on one line.
ShortText = Annotated[str, Field(max_length=MAX_TEXT), NoNul, SingleLine]
LongText = Annotated[str, Field(max_length=MAX_LONG_TEXT), NoNul, Stripped]


def _choice(choices: list[str], unknown: str, message: Promise) -> AfterValidator:
    """A code of `choices`; left out or blank, the code that says it is not known."""

    def run(value: str | None) -> str:
        if value is None or value == "":
            return unknown
        if value not in choices:
            raise invalid(message)
        return value

    return AfterValidator(run)


def _aliases(values: list[str]) -> list[str]:
    aliases = [" ".join(a.split()) for a in dict.fromkeys(values)]
    if any(len(a) > MAX_TEXT for a in aliases):
        raise ValueError(_("At most 200 characters."))
    return [a for a in aliases if a]


# Fields shared with the records that describe a child sought (tracing requests).
Aliases = Annotated[list[Text], Field(max_length=MAX_LIST), checked(_aliases)]
SexCode = Annotated[
    str | None,
    Field(max_length=1, description="F, M, X or U (unknown)"),
    NoNul,
    _choice(Sex.values, Sex.UNKNOWN, gettext_lazy("Unknown code: use F, M, X or U.")),
]
Languages = Annotated[list[Text], Field(max_length=MAX_LIST), code_list(validate_language)]


class DocumentIn(Schema):
    model_config = ConfigDict(extra="forbid")

    document_type: Text = Field(max_length=30)
    number: Text = Field(default="", max_length=MAX_DOCUMENT_NUMBER)
    issuing_country: Text = Field(default="", max_length=3)


def _documents(documents: list[DocumentIn]) -> list[DocumentIn]:
    # Checked as one field, as the web form shows them: the message names the list.
    for document in documents:
        if document.document_type not in DocumentType.values:
            raise ValueError(_("Unknown document type."))
        document.number = document.number.strip()
        if document.issuing_country:
            document.issuing_country = validate_country(document.issuing_country)
    return documents


class ChildIn(Schema):
    """Every field is optional: unknown is always a valid answer."""

    model_config = ConfigDict(extra="forbid", strict=False)

    given_name: ShortText = ""
    family_name: ShortText = ""
    given_name_latin: ShortText = ""
    family_name_latin: ShortText = ""
    aliases: Aliases = Field(default_factory=list)
    sex: SexCode = Sex.UNKNOWN.value
    date_of_birth: BirthDate = Field(default=None, description="YYYY, YYYY-MM or YYYY-MM-DD")
    age_estimate_years: AgeEstimate = None
    age_estimated_on: PastDate | None = None
    nationality: CountryCode = Field(default="", description="ISO 3166-1 alpha-3")
    languages: Languages = Field(default_factory=list, description="ISO 639")
    place_of_birth: ShortText = ""
    birth_registration: Annotated[
        str | None,
        Field(max_length=20),
        NoNul,
        _choice(
            BirthRegistration.values,
            BirthRegistration.UNKNOWN,
            gettext_lazy("Unknown birth registration status."),
        ),
    ] = BirthRegistration.UNKNOWN.value
    tracing: Annotated[
        str | None,
        Field(
            max_length=10,
            description="allowed, refused or undecided: may family tracing search for the child",
        ),
        NoNul,
        _choice(
            Tracing.values, Tracing.UNDECIDED, gettext_lazy("Use allowed, refused or undecided.")
        ),
    ] = Tracing.UNDECIDED.value
    mother_name: ShortText = ""
    father_name: ShortText = ""
    vulnerability_factors: Annotated[
        list[Text], Field(max_length=MAX_LIST), code_list(validate_vulnerability_factor)
    ] = Field(default_factory=list)
    documents: Annotated[list[DocumentIn], Field(max_length=MAX_LIST), checked(_documents)] = Field(
        default_factory=list
    )
    current_location: LongText = Field(default="", description="section: location")
    health_notes: LongText = Field(default="", description="section: health")
    legal_notes: LongText = Field(default="", description="section: legal")


class ChildPatchIn(ChildIn):
    """The fields to change; fields left out keep their values."""


class DocumentOut(Schema):
    document_type: str
    number: str
    issuing_country: str


class ChildSummaryOut(Schema):
    """A child in a list. Fields of sections the caller may not read are left out."""

    id: uuid.UUID
    sections: list[str]
    relationship: str
    display_name: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    given_name_latin: str | None = None
    family_name_latin: str | None = None
    sex: str | None = None
    date_of_birth: str | None = None
    nationality: str | None = None


class ChildOut(ChildSummaryOut):
    """A child's file. Fields of sections the caller may not read are left out."""

    aliases: list[str] | None = None
    age_estimate_years: int | None = None
    age_estimated_on: dt.date | None = None
    languages: list[str] | None = None
    place_of_birth: str | None = None
    birth_registration: str | None = None
    tracing: str | None = None
    merged_into: uuid.UUID | None = None
    mother_name: str | None = None
    father_name: str | None = None
    vulnerability_factors: list[str] | None = None
    documents: list[DocumentOut] | None = None
    current_location: str | None = None
    health_notes: str | None = None
    legal_notes: str | None = None
    created_at: dt.datetime
    updated_at: dt.datetime


SUMMARY_FIELDS = (
    "given_name",
    "family_name",
    "given_name_latin",
    "family_name_latin",
    "sex",
    "date_of_birth",
    "nationality",
)


def _value(child: Child, name: str) -> Any:
    if name == "date_of_birth":
        dob = child.date_of_birth
        return str(dob) if dob else None
    if name == "aliases":
        return [a.name for a in child.aliases.all()]
    if name == "documents":
        return [
            {
                "document_type": d.document_type,
                "number": d.number,
                "issuing_country": d.issuing_country,
            }
            for d in child.documents.all()
        ]
    return getattr(child, name)


def child_record(
    child: Child, access: SectionAccess, *, fields: Iterable[str] = FIELD_SECTIONS
) -> dict[str, Any]:
    """Serialise what the caller may read of a child's file, and nothing else."""
    record: dict[str, Any] = {
        "id": child.public_id,
        "sections": sorted(access.read),
        "relationship": access.relationship,
        "created_at": child.created_at,
        "updated_at": child.updated_at,
        "merged_into": child.merged_into.public_id if child.merged_into is not None else None,
    }
    for name in fields:
        if access.can_read(name):
            record[name] = _value(child, name)
    if access.can_read("given_name"):
        record["display_name"] = child.display_name
    return record


class ChildFilters(Schema):
    q: Text = Field(default="", max_length=200, description="name in any script")
    page: int = Field(default=1, ge=1)
    page_size: int = Field(default=25, ge=1, le=100)


MIN_BREAK_GLASS_REASON = 10
MAX_BREAK_GLASS_REASON = 2000
MAX_BREAK_GLASS_REFERENCE = 64


def _reason_enough(value: str) -> str:
    if len(value) < MIN_BREAK_GLASS_REASON:
        raise invalid(
            _("Write why you need this record now (at least %(n)d characters).")
            % {"n": MIN_BREAK_GLASS_REASON}
        )
    return value


BreakGlassReason = Annotated[
    str,
    Field(max_length=MAX_BREAK_GLASS_REASON),
    NoNul,
    Stripped,
    AfterValidator(_reason_enough),
]


class BreakGlassIn(Schema):
    """Why the caller needs the record now: kept with the access, shown on the record."""

    model_config = ConfigDict(extra="forbid")

    reason: BreakGlassReason = Field(description=f"at least {MIN_BREAK_GLASS_REASON} characters")


class BreakGlassByReferenceIn(BreakGlassIn):
    """The web's break-glass: the record by one of its cases' references or the child's id."""

    reference: Annotated[str, Field(max_length=MAX_BREAK_GLASS_REFERENCE), NoNul, Stripped]


MAX_BREAK_GLASS_QUERY = 200


class BreakGlassSearchIn(Schema):
    """A name to search for a break-glass, in any script and order (sent in the body, so it
    stays out of URLs and logs)."""

    model_config = ConfigDict(extra="forbid")

    q: Annotated[str, Field(max_length=MAX_BREAK_GLASS_QUERY), NoNul, Stripped, Required] = Field(
        description="the child's name, or part of it"
    )


class BreakGlassCandidateOut(Schema):
    """A child a break-glass search found: only what picking needs; the record opens with
    POST /children/{id}/break-glass and a reason."""

    id: uuid.UUID
    name: str
    birth_year: int | None
    agency: str


class BreakGlassSearchOut(Schema):
    results: list[BreakGlassCandidateOut]
    more: bool = Field(description="more records match: add words to the name")
