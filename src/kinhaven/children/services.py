"""Writes on children's records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import User
from kinhaven.accounts.services import capability_require
from kinhaven.audit.services import audit_record
from kinhaven.children import validators
from kinhaven.children.enums import BirthRegistration, DocumentType, Sex, Tracing
from kinhaven.children.hooks import child_changed, child_saved
from kinhaven.children.models import Child, ChildAlias, IdentityDocument
from kinhaven.children.names import search_keys, to_latin
from kinhaven.children.sections import FIELD_SECTIONS, role_section_access
from kinhaven.children.selectors import child_section_access_for
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode, FieldErrors

TEXT_FIELDS = (
    "given_name",
    "family_name",
    "given_name_latin",
    "family_name_latin",
    "place_of_birth",
    "mother_name",
    "father_name",
)
LONG_TEXT_FIELDS = ("current_location", "health_notes", "legal_notes")
CHILD_FIELDS = frozenset(
    {
        *TEXT_FIELDS,
        *LONG_TEXT_FIELDS,
        "aliases",
        "sex",
        "date_of_birth",
        "age_estimate_years",
        "age_estimated_on",
        "nationality",
        "languages",
        "birth_registration",
        "vulnerability_factors",
        "documents",
        "tracing",
    }
)
MAX_TEXT = 200
MAX_LONG_TEXT = 5000
MAX_LIST = 20


def _code_list(value: Any, check: Any) -> list[str]:
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ValueError(_("Give a list of codes."))
    if len(value) > MAX_LIST:
        raise ValueError(_("Too many entries."))
    return list(dict.fromkeys(check(v) for v in value))


def _documents(value: Any) -> list[dict[str, str]]:
    if not isinstance(value, list | tuple) or len(value) > MAX_LIST:
        raise ValueError(_("Give a list of at most 20 documents."))
    documents = []
    for item in value:
        if not isinstance(item, Mapping):
            raise ValueError(_("Each document needs a type, a number and an issuing country."))
        document_type = str(item.get("document_type") or "")
        if document_type not in DocumentType.values:
            raise ValueError(_("Unknown document type."))
        number = str(item.get("number") or "").strip()
        if len(number) > 100:
            raise ValueError(_("A document number has at most 100 characters."))
        country = str(item.get("issuing_country") or "")
        documents.append(
            {
                "document_type": document_type,
                "number": number,
                "issuing_country": validators.validate_country(country) if country else "",
            }
        )
    return documents


def child_value_clean(name: str, value: Any, today: dt.date) -> Any:
    """Check and normalise one field of a child's record; raise ValueError with the reason."""
    if name in LONG_TEXT_FIELDS:
        text = "" if value is None else value
        if not isinstance(text, str):
            raise ValueError(_("Give text."))
        if len(text) > MAX_LONG_TEXT:
            raise ValueError(_("At most 5000 characters."))
        return text.strip()  # one branch per field
    if name in TEXT_FIELDS:
        text = "" if value is None else value
        if not isinstance(text, str):
            raise ValueError(_("Give text."))
        text = " ".join(text.split())
        if len(text) > MAX_TEXT:
            raise ValueError(_("At most 200 characters."))
        return text
    if name == "aliases":
        aliases = [" ".join(a.split()) for a in _code_list(value or [], str)]
        if any(len(a) > MAX_TEXT for a in aliases):
            raise ValueError(_("At most 200 characters."))
        return [a for a in aliases if a]
    if name == "sex":
        if value in (None, ""):
            return Sex.UNKNOWN.value
        if value not in Sex.values:
            raise ValueError(_("Unknown code: use F, M, X or U."))
        return value
    if name == "birth_registration":
        if value in (None, ""):
            return BirthRegistration.UNKNOWN.value
        if value not in BirthRegistration.values:
            raise ValueError(_("Unknown birth registration status."))
        return value
    if name == "tracing":
        if value in (None, ""):
            return Tracing.UNDECIDED.value
        if value not in Tracing.values:
            raise ValueError(_("Use allowed, refused or undecided."))
        return value
    if name == "date_of_birth":
        if value in (None, ""):
            return None
        if not isinstance(value, str):
            raise ValueError(_("Use the form YYYY, YYYY-MM or YYYY-MM-DD."))
        return validators.parse_partial_date(value, today=today)
    if name == "age_estimate_years":
        if value in (None, ""):
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(_("Give a whole number of years."))
        return validators.validate_age_estimate(value)
    if name == "age_estimated_on":
        if value in (None, ""):
            return None
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                raise ValueError(_("Use the form YYYY-MM-DD.")) from None
        if not isinstance(value, dt.date) or value > today:
            raise ValueError(_("Give a date that is not in the future."))
        return value
    if name == "nationality":
        return validators.validate_country(value) if value else ""
    if name == "languages":
        return _code_list(value or [], validators.validate_language)
    if name == "vulnerability_factors":
        return _code_list(value or [], validators.validate_vulnerability_factor)
    if name == "documents":
        return _documents(value or [])
    raise ValueError(_("Unknown field."))


def child_clean(changes: Mapping[str, Any]) -> dict[str, Any]:
    """Check and normalise submitted child fields; raise FieldErrors naming every bad one."""
    today = time.today()
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for name, value in changes.items():
        if name not in CHILD_FIELDS:
            errors[name] = _("Unknown field.")
            continue
        try:
            cleaned[name] = child_value_clean(name, value, today)
        except ValueError as exc:
            errors[name] = str(exc)
    if errors:
        raise FieldErrors(errors)
    return cleaned


PLAIN_FIELDS = (
    *TEXT_FIELDS,
    *LONG_TEXT_FIELDS,
    "sex",
    "nationality",
    "languages",
    "birth_registration",
    "vulnerability_factors",
    "tracing",
    "age_estimate_years",
    "age_estimated_on",
)
# Latin form -> the native-script field it is transliterated from when not given.
LATIN_OF = {"given_name_latin": "given_name", "family_name_latin": "family_name"}


def _apply(child: Child, cleaned: dict[str, Any]) -> None:
    for name in PLAIN_FIELDS:
        if name in cleaned:
            setattr(child, name, cleaned[name])
    if "date_of_birth" in cleaned:
        dob = cleaned["date_of_birth"]
        child.birth_year = dob.year if dob else None
        child.birth_month = dob.month if dob else None
        child.birth_day = dob.day if dob else None
    if child.age_estimate_years is None:
        child.age_estimated_on = None
    elif child.age_estimated_on is None:
        child.age_estimated_on = time.today()
    # A Latin form is always kept so that any script can be searched and read; it follows a
    # changed name unless the same change gives it.
    for latin, native in LATIN_OF.items():
        if not cleaned.get(latin) and (native in cleaned or not getattr(child, latin)):
            setattr(child, latin, to_latin(getattr(child, native)))


def _save(child: Child, cleaned: dict[str, Any]) -> None:
    """Save the record, its aliases and documents, and its search keys in one go."""
    creating = child.pk is None
    if "aliases" in cleaned:
        aliases = cleaned["aliases"]
    else:
        aliases = [] if creating else [a.name for a in child.aliases.all()]
    child.search_keys = child_search_keys(child, aliases)
    child.save()
    if "aliases" in cleaned:
        child.aliases.all().delete()
        ChildAlias.objects.bulk_create(
            ChildAlias(child=child, name=a, name_latin=to_latin(a)) for a in aliases
        )
    if "documents" in cleaned:
        child.documents.all().delete()
        IdentityDocument.objects.bulk_create(
            IdentityDocument(child=child, **d) for d in cleaned["documents"]
        )


def child_search_keys(child: Child, aliases: list[str]) -> str:
    """The search keys of a child's names, Latin forms and aliases."""
    names = [getattr(child, f) for f in ("given_name", "family_name", *LATIN_OF)]
    return search_keys([*names, *aliases])


def _require_writable(cleaned: Mapping[str, Any], writable: frozenset[str]) -> None:
    """Refuse changes to sections of the file the actor may not write."""
    refused = sorted(f for f in cleaned if FIELD_SECTIONS[f].value not in writable)
    if refused:
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED,
            _("You may not change this part of the child's file."),
            field=refused[0],
        )


@transaction.atomic
def child_register(*, actor: User, data: Mapping[str, Any]) -> Child:
    """Register a child in the actor's agency and team."""
    capability_require(actor, Capability.CHILD_REGISTER)
    if actor.agency is None:
        raise ApplicationError(ErrorCode.PERMISSION_DENIED, _("You belong to no agency."))
    cleaned = child_clean(data)
    _require_writable(cleaned, role_section_access(actor).write)
    child = Child(agency=actor.agency, team=actor.team, registered_by=actor)
    _apply(child, cleaned)
    _save(child, cleaned)
    audit_record(
        actor=actor,
        action="child.create",
        object_type="child",
        object_id=child.public_id,
        detail={"fields": sorted(cleaned)},
    )
    # Other records of the child and families seeking the child are looked for by the apps
    # built on children once this commits (matching may take seconds: never under the lock).
    child_saved(child=child, created=True, fields=cleaned)
    return child


@transaction.atomic
def child_update(*, actor: User, child: Child, changes: Mapping[str, Any]) -> Child:
    """Change fields of a child's record the actor can already see."""
    capability_require(actor, Capability.CHILD_EDIT)
    cleaned = child_clean(changes)
    child = Child.objects.select_for_update().get(pk=child.pk)
    if child.merged_into_id is not None:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("This record was merged into another; change that one."),
            field="merged_into",
        )
    _require_writable(cleaned, child_section_access_for(actor, child).write)
    _apply(child, cleaned)
    _save(child, cleaned)
    fields = sorted(cleaned)
    audit_record(
        actor=actor,
        action="child.update",
        object_type="child",
        object_id=child.public_id,
        detail={"fields": fields},
    )
    child_changed(child=child, actor=actor, fields=fields)
    child_saved(child=child, created=False, fields=fields)
    return child
