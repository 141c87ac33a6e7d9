"""Writes on children's records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kinhaven.accounts.enums import Capability, Section
from kinhaven.accounts.models import Agency, Team, User
from kinhaven.accounts.services import capability_require
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_record
from kinhaven.children.hooks import child_changed, child_saved
from kinhaven.children.models import Child, ChildAlias, IdentityDocument
from kinhaven.children.names import search_keys, to_latin
from kinhaven.children.schemas import ChildIn
from kinhaven.children.sections import FIELD_SECTIONS, role_section_access
from kinhaven.children.selectors import child_section_access_for
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.core.validation import input_given

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
            IdentityDocument(child=child, **d.model_dump()) for d in cleaned["documents"]
        )


def child_search_keys(child: Child, aliases: list[str]) -> str:
    """The search keys of a child's names, Latin forms and aliases."""
    names = [getattr(child, f) for f in ("given_name", "family_name", *LATIN_OF)]
    return search_keys([*names, *aliases])


def child_section_write_require(
    actor: User, child: Child, *, capability: Capability, section: Section
) -> None:
    """Refuse a write on a section of the child's file unless the role has the capability and
    the actor writes that section of this child's file; the refusal names what is missing."""
    if not actor.has_capability(capability):
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED,
            _("Your role does not allow this: it needs the capability “%(label)s” (%(code)s).")
            % {"label": capability.label, "code": capability.value},
        )
    if section not in child_section_access_for(actor, child).write:
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED,
            _("You may not change the “%(section)s” section of this child's file.")
            % {"section": section.label},
        )


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
def child_register(*, actor: User, data: ChildIn) -> Child:
    """Register a child in the actor's agency and team, with the fields given."""
    capability_require(actor, Capability.CHILD_REGISTER)
    if actor.agency is None:
        raise ApplicationError(ErrorCode.PERMISSION_DENIED, _("You belong to no agency."))
    cleaned = input_given(data)
    _require_writable(cleaned, role_section_access(actor).write)
    child = Child(agency=actor.agency, team=actor.team, registered_by=actor)
    _apply(child, cleaned)
    _save(child, cleaned)
    audit_record(
        actor=actor,
        action=AuditAction.CHILD_CREATE,
        object_type="child",
        object_id=child.public_id,
        detail={"fields": sorted(cleaned)},
    )
    # Other records of the child and families seeking the child are looked for by the apps
    # built on children once this commits (matching may take seconds: never under the lock).
    child_saved(child=child, created=True, fields=cleaned)
    return child


@transaction.atomic
def child_update(*, actor: User, child: Child, changes: ChildIn) -> Child:
    """Change the fields given of a child's record the actor can already see."""
    capability_require(actor, Capability.CHILD_EDIT)
    cleaned = input_given(changes)
    child = Child.objects.select_for_update().get(pk=child.pk)
    if child.merged_into_id is not None:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("This record was merged into another; change that one."),
            field="merged_into",
        )
    writable = child_section_access_for(actor, child).write
    if not writable:
        # A relationship that only reads (break-glass) changes nothing, not even nothing.
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED, _("You may read this child's file but not change it.")
        )
    _require_writable(cleaned, writable)
    _apply(child, cleaned)
    _save(child, cleaned)
    fields = sorted(cleaned)
    audit_record(
        actor=actor,
        action=AuditAction.CHILD_UPDATE,
        object_type="child",
        object_id=child.public_id,
        detail={"fields": fields},
    )
    child_changed(child=child, actor=actor, fields=fields)
    child_saved(child=child, created=False, fields=fields)
    return child


@transaction.atomic
def child_age_record(*, actor: User, child: Child, years: int, on: dt.date) -> Child:
    """Record the child's age as an age assessment decided it: the lowest age of the decided
    range, on the decision's date (the benefit of the doubt, EUAA Practical guide on age
    assessment, 2018). The assessment (ages) is the caller; only a role that decides on age
    records it."""
    capability_require(actor, Capability.AGE_DECIDE)
    child = Child.objects.select_for_update().get(pk=child.pk)
    child.age_estimate_years = years
    child.age_estimated_on = on
    fields = ["age_estimate_years", "age_estimated_on"]
    child.save(update_fields=[*fields, "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.CHILD_AGE_RECORD,
        object_type="child",
        object_id=child.public_id,
        detail={"fields": fields},
    )
    child_changed(child=child, actor=actor, fields=fields)
    child_saved(child=child, created=False, fields=fields)
    return child


def child_holder_move(
    *, child_id: int, from_agency: Agency, to_agency: Agency, team: Team | None
) -> bool:
    """Give a child's record to another agency where `from_agency` holds it (a case moving
    with its child, cases.moves, which audits the move in its transaction); True if it moved."""
    moved = Child.objects.filter(pk=child_id, agency_id=from_agency.pk).update(
        agency=to_agency, team=team, updated_at=time.now()
    )
    return moved > 0
