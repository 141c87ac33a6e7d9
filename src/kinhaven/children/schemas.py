"""API input and output of children's records. Inputs check types; services check values."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from ninja import Schema
from pydantic import ConfigDict, Field

from kinhaven.children.models import Child
from kinhaven.children.sections import FIELD_SECTIONS, SectionAccess
from kinhaven.core.schemas import Text


class DocumentIn(Schema):
    model_config = ConfigDict(extra="forbid")

    document_type: Text = Field(max_length=30)
    number: Text = Field(default="", max_length=100)
    issuing_country: Text = Field(default="", max_length=3)


class ChildIn(Schema):
    """Every field is optional: unknown is always a valid answer."""

    model_config = ConfigDict(extra="forbid", strict=False)

    given_name: Text = Field(default="", max_length=200)
    family_name: Text = Field(default="", max_length=200)
    given_name_latin: Text = Field(default="", max_length=200)
    family_name_latin: Text = Field(default="", max_length=200)
    aliases: list[Text] = Field(default_factory=list, max_length=20)
    sex: Text | None = Field(default=None, max_length=1, description="F, M, X or U (unknown)")
    date_of_birth: Text | None = Field(
        default=None, max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD"
    )
    age_estimate_years: int | None = None
    age_estimated_on: dt.date | None = None
    nationality: Text = Field(default="", max_length=3, description="ISO 3166-1 alpha-3")
    languages: list[Text] = Field(default_factory=list, max_length=20, description="ISO 639")
    place_of_birth: Text = Field(default="", max_length=200)
    birth_registration: Text | None = Field(default=None, max_length=20)
    tracing: Text | None = Field(
        default=None,
        max_length=10,
        description="allowed, refused or undecided: may family tracing search for the child",
    )
    mother_name: Text = Field(default="", max_length=200)
    father_name: Text = Field(default="", max_length=200)
    vulnerability_factors: list[Text] = Field(default_factory=list, max_length=20)
    documents: list[DocumentIn] = Field(default_factory=list, max_length=20)
    current_location: Text = Field(default="", max_length=5000, description="section: location")
    health_notes: Text = Field(default="", max_length=5000, description="section: health")
    legal_notes: Text = Field(default="", max_length=5000, description="section: legal")


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


class BreakGlassIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason: Text = Field(min_length=1, max_length=2000)
