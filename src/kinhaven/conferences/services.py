"""Writes on case conferences and their action items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import User
from kinhaven.accounts.services import capability_require
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_record
from kinhaven.cases.enums import OPEN_STATUSES
from kinhaven.cases.models import Case
from kinhaven.conferences.models import ActionItem, Conference, Participant
from kinhaven.conferences.schemas import ConferenceFieldsIn
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode, FieldErrors
from kinhaven.notifications.enums import NotificationKind
from kinhaven.notifications.services import notify
from kinhaven.referrals.enums import ServiceKind
from kinhaven.referrals.models import Service
from kinhaven.timeline.enums import CaseEventKind
from kinhaven.timeline.services import timeline_record

INTERPRETING = (ServiceKind.INTERPRETATION, ServiceKind.CULTURAL_MEDIATION)


@dataclass(frozen=True)
class ParticipantIn:
    """A participant of the input model (ParticipantSchemaIn), with their account looked up."""

    role: str
    user: User | None = None
    name: str = ""


@dataclass(frozen=True)
class ActionIn:
    """An action of the input model (ActionSchemaIn), with its owner's account looked up."""

    description: str
    owner: User
    due_on: dt.date


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

    The values are those of the input model, ConferenceFieldsIn, which has checked them; the API
    and the web form come through conference_record_input, which looks up its accounts. An
    interpreter or cultural mediator for the child's language is booked from the directory.
    """
    capability_require(actor, Capability.CASE_EDIT)
    if case.status not in OPEN_STATUSES:
        raise ApplicationError(ErrorCode.INVALID, _("The case is closed."), field="case_id")
    errors: dict[str, str] = {}
    if any(not action.owner.is_active for action in actions):
        errors["actions"] = _("Each action needs an active owner.")
    service = None
    if interpreter_language:
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
        Participant(conference=conference, user=p.user, name=p.name, role=p.role)
        for p in participants
    )
    items = ActionItem.objects.bulk_create(
        ActionItem(
            conference=conference,
            case=case,
            description=a.description,
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
        title=gettext_lazy("New task from a case conference"),
        path=reverse("conferences:tasks"),
    )
    return conference


@transaction.atomic
def conference_record_input(*, actor: User, case: Case, data: ConferenceFieldsIn) -> Conference:
    """Record the conference an input model describes, the API's body or the web form's: the
    accounts it names are looked up among the active users."""
    capability_require(actor, Capability.CASE_EDIT)
    wanted = {p.user_id for p in data.participants if p.user_id is not None}
    wanted |= {a.owner_id for a in data.actions}
    accounts = {u.public_id: u for u in User.objects.filter(public_id__in=wanted, is_active=True)}
    if any(p.user_id is not None and p.user_id not in accounts for p in data.participants):
        raise ApplicationError(ErrorCode.INVALID, _("Unknown user."), field="participants")
    if any(a.owner_id not in accounts for a in data.actions):
        raise ApplicationError(ErrorCode.INVALID, _("Unknown user."), field="actions")
    return conference_record(
        actor=actor,
        case=case,
        held_at=data.held_at,
        location=data.location,
        purpose=data.purpose,
        child_heard=data.child_heard,
        child_views=data.child_views,
        decisions=data.decisions,
        participants=[
            ParticipantIn(
                role=p.role,
                user=accounts[p.user_id] if p.user_id is not None else None,
                name=p.name,
            )
            for p in data.participants
        ],
        actions=[
            ActionIn(description=a.description, owner=accounts[a.owner_id], due_on=a.due_on)
            for a in data.actions
        ],
        interpreter_language=data.interpreter_language,
    )


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
