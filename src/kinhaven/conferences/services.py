"""Writes on case conferences and their action items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import User
from kinhaven.accounts.services import capability_require
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_record
from kinhaven.cases.enums import OPEN_STATUSES
from kinhaven.cases.models import Case
from kinhaven.children import validators
from kinhaven.conferences.enums import ParticipantRole
from kinhaven.conferences.models import ActionItem, Conference, Participant
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode, FieldErrors
from kinhaven.notifications.enums import NotificationKind
from kinhaven.notifications.services import notify
from kinhaven.referrals.enums import ServiceKind
from kinhaven.referrals.models import Service
from kinhaven.timeline.enums import CaseEventKind
from kinhaven.timeline.services import timeline_record

MAX_TEXT = 5000
INTERPRETING = (ServiceKind.INTERPRETATION, ServiceKind.CULTURAL_MEDIATION)


@dataclass(frozen=True)
class ParticipantIn:
    role: str
    user: User | None = None
    name: str = ""


@dataclass(frozen=True)
class ActionIn:
    description: str
    owner: User
    due_on: dt.date


def _text(value: str, field: str, errors: dict[str, str], *, required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        errors[field] = _("This field is required.")
    elif len(text) > MAX_TEXT:
        errors[field] = _("At most 5000 characters.")
    return text


def interpreter_find(*, language: str) -> Service | None:
    """An interpretation or cultural mediation service that offers the language."""
    for service in Service.objects.filter(kind__in=INTERPRETING, active=True).order_by("pk"):
        if language in service.languages:
            return service
    return None


@transaction.atomic
def conference_record(
    *,
    actor: User,
    case: Case,
    held_at: dt.datetime,
    purpose: str,
    child_heard: bool,
    child_views: str = "",
    decisions: str = "",
    location: str = "",
    participants: Sequence[ParticipantIn] = (),
    actions: Sequence[ActionIn] = (),
    interpreter_language: str = "",
) -> Conference:
    """Record a case conference: participants and roles, whether the child was heard and what the
    child said in their own words, decisions, and action items that go to their owners' lists.

    An interpreter or cultural mediator for the child's language is booked from the directory.
    """
    capability_require(actor, Capability.CASE_EDIT)
    if case.status not in OPEN_STATUSES:
        raise ApplicationError(ErrorCode.INVALID, _("The case is closed."), field="case_id")
    errors: dict[str, str] = {}
    purpose = _text(purpose, "purpose", errors, required=True)
    child_views = _text(child_views, "child_views", errors, required=child_heard)
    decisions = _text(decisions, "decisions", errors)
    location = _text(location, "location", errors)[:200]
    if not participants:
        errors["participants"] = _("Name who took part.")
    for item in participants:
        if item.role not in ParticipantRole.values:
            errors["participants"] = _("Unknown role.")
        elif item.user is None and not item.name.strip():
            errors["participants"] = _("Each participant needs a name or an account.")
    for action in actions:
        if not action.description.strip():
            errors["actions"] = _("Each action needs a description.")
        elif not action.owner.is_active:
            errors["actions"] = _("Each action needs an active owner.")
    service = None
    if interpreter_language:
        try:
            interpreter_language = validators.validate_language(interpreter_language)
        except ValueError as exc:
            errors["interpreter_language"] = str(exc)
        else:
            service = interpreter_find(language=interpreter_language)
            if service is None:
                errors["interpreter_language"] = _(
                    "No interpreter or cultural mediator in the directory offers this language."
                )
    if errors:
        raise FieldErrors(errors)
    conference = Conference.objects.create(
        case=case,
        held_at=held_at,
        location=location,
        purpose=purpose,
        child_heard=child_heard,
        child_views=child_views,
        decisions=decisions,
        interpreter_language=interpreter_language,
        interpreter_service=service,
        created_by=actor,
    )
    Participant.objects.bulk_create(
        Participant(conference=conference, user=p.user, name=p.name.strip()[:200], role=p.role)
        for p in participants
    )
    items = ActionItem.objects.bulk_create(
        ActionItem(
            conference=conference,
            case=case,
            description=a.description.strip(),
            owner=a.owner,
            due_on=a.due_on,
        )
        for a in actions
    )
    timeline_record(
        case=case,
        kind=CaseEventKind.CONFERENCE_HELD,
        actor=actor,
        data={"conference": str(conference.public_id), "actions": len(items)},
    )
    audit_record(
        actor=actor,
        action=AuditAction.CONFERENCE_RECORD,
        object_type="case",
        object_id=case.public_id,
        detail={"conference": str(conference.public_id), "child_heard": child_heard},
    )
    notify(
        recipients=[a.owner for a in actions],
        kind=NotificationKind.TASK,
        title=_("New task from a case conference"),
        path=reverse("conferences:tasks"),
    )
    return conference


@transaction.atomic
def action_item_done(*, actor: User, item: ActionItem) -> ActionItem:
    """Mark an action item done: its owner, or whoever edits the case."""
    if item.owner_id != actor.pk:
        capability_require(actor, Capability.CASE_EDIT)
    done = ActionItem.objects.filter(pk=item.pk, done_at__isnull=True).update(done_at=time.now())
    if not done:
        raise ApplicationError(ErrorCode.CONFLICT, _("This task is done already."), field="task")
    item.refresh_from_db()
    timeline_record(
        case=item.case,
        kind=CaseEventKind.ACTION_DONE,
        actor=actor,
        data={"action": str(item.public_id)},
    )
    audit_record(
        actor=actor,
        action=AuditAction.CONFERENCE_ACTION_DONE,
        object_type="action",
        object_id=item.public_id,
    )
    return item
