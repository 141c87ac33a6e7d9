"""API input and output of children's records. Inputs check types; services check values."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Schema
from pydantic import ConfigDict, Field

from kinhaven.children.models import Child

Text = str


class DocumentIn(Schema):
    model_config = ConfigDict(extra="forbid")

    document_type: str = Field(max_length=30)
    number: str = Field(default="", max_length=100)
    issuing_country: str = Field(default="", max_length=3)


class ChildIn(Schema):
    """Every field is optional: unknown is always a valid answer."""

    model_config = ConfigDict(extra="forbid", strict=False)

    given_name: str = Field(default="", max_length=200)
    family_name: str = Field(default="", max_length=200)
    given_name_latin: str = Field(default="", max_length=200)
    family_name_latin: str = Field(default="", max_length=200)
    aliases: list[str] = Field(default_factory=list, max_length=20)
    sex: str | None = Field(default=None, max_length=1, description="F, M, X or U (unknown)")
    date_of_birth: str | None = Field(
        default=None, max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD"
    )
    age_estimate_years: int | None = None
    age_estimated_on: dt.date | None = None
    nationality: str = Field(default="", max_length=3, description="ISO 3166-1 alpha-3")
    languages: list[str] = Field(default_factory=list, max_length=20, description="ISO 639")
    place_of_birth: str = Field(default="", max_length=200)
    birth_registration: str | None = Field(default=None, max_length=20)
    mother_name: str = Field(default="", max_length=200)
    father_name: str = Field(default="", max_length=200)
    vulnerability_factors: list[str] = Field(default_factory=list, max_length=20)
    documents: list[DocumentIn] = Field(default_factory=list, max_length=20)


class ChildPatchIn(ChildIn):
    """The fields to change; fields left out keep their values."""


class DocumentOut(Schema):
    document_type: str
    number: str
    issuing_country: str


class ChildSummaryOut(Schema):
    id: uuid.UUID
    display_name: str
    given_name: str
    family_name: str
    given_name_latin: str
    family_name_latin: str
    sex: str
    date_of_birth: str | None
    nationality: str

    @staticmethod
    def resolve_id(obj: Child) -> uuid.UUID:
        return obj.public_id

    @staticmethod
    def resolve_date_of_birth(obj: Child) -> str | None:
        dob = obj.date_of_birth
        return str(dob) if dob else None


class ChildOut(ChildSummaryOut):
    aliases: list[str]
    age_estimate_years: int | None
    age_estimated_on: dt.date | None
    languages: list[str]
    place_of_birth: str
    birth_registration: str
    mother_name: str
    father_name: str
    vulnerability_factors: list[str]
    documents: list[DocumentOut]
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_aliases(obj: Child) -> list[str]:
        return [a.name for a in obj.aliases.all()]

    @staticmethod
    def resolve_documents(obj: Child) -> list[DocumentOut]:
        return [
            DocumentOut(
                document_type=d.document_type, number=d.number, issuing_country=d.issuing_country
            )
            for d in obj.documents.all()
        ]
