"""Writes on the child's legal proceedings: asylum, residence and criminal proceedings."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinhaven.accounts.enums import Capability, Section
from kinhaven.accounts.models import User
from kinhaven.accounts.services import capability_require
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_record
from kinhaven.bestinterests.enums import BidPurpose
from kinhaven.bestinterests.services import bid_require
from kinhaven.cases.services import case_events_record_for_child
from kinhaven.children.models import Child
from kinhaven.children.selectors import child_section_access_for
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode, FieldErrors
from kinhaven.core.validation import input_given
from kinhaven.deadlines.enums import DeadlineCode
from kinhaven.deadlines.services import deadline_start, deadlines_close
from kinhaven.identification.hooks import IdentificationDecided
from kinhaven.identification.selectors import child_open_case
from kinhaven.legal.enums import ChildRole, ProceedingStatus, TaskKind, Track
from kinhaven.legal.information import decisions_for
from kinhaven.legal.models import (
    ChildInformation,
    LegalTask,
    Proceeding,
    ProceedingChange,
    ResidencePermit,
)
from kinhaven.legal.schemas import (
    InformationFieldsIn,
    PermitFieldsIn,
    ProceedingFieldsIn,
    ProceedingPatch,
    track_errors,
)
from kinhaven.legal.selectors import non_punishment_applies
from kinhaven.notifications.enums import NotificationKind
from kinhaven.notifications.services import notify

# When a task the software opens is due: a policy default, not a legal period (docs/residence.md).
TASK_DUE_DAYS = 14


def _require_legal_write(actor: User, child: Child) -> None:
    capability_require(actor, Capability.CHILD_EDIT)
    if Section.LEGAL not in child_section_access_for(actor, child).write:
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED,
            _("You may not change the legal part of this child's file."),
        )


def _record(actor: User, proceeding: Proceeding, action: AuditAction) -> None:
    now = time.now()
    ProceedingChange.objects.create(
        proceeding=proceeding,
        status=proceeding.status,
        next_date=proceeding.next_date,
        note=proceeding.note,
        changed_by=actor,
        changed_at=now,
    )
    detail = {"track": proceeding.track, "status": proceeding.status}
    audit_record(
        actor=actor,
        action=action,
        object_type="proceeding",
        object_id=proceeding.public_id,
        detail=detail,
    )
    case_events_record_for_child(
        child=proceeding.child, actor=actor, kind="proceeding_updated", data=detail
    )


@transaction.atomic
def proceeding_add(*, actor: User, child: Child, data: ProceedingFieldsIn) -> Proceeding:
    """Record a proceeding of the child before an authority."""
    _require_legal_write(actor, child)
    _residence_request_check(child, data.track, data.status)
    fields = {name: getattr(data, name) for name in ProceedingFieldsIn.model_fields}
    proceeding = Proceeding.objects.create(child=child, updated_by=actor, **fields)
    _record(actor, proceeding, AuditAction.PROCEEDING_CREATE)
    _non_punishment_check(actor, proceeding)
    return proceeding


@transaction.atomic
def proceeding_update(
    *, actor: User, proceeding: Proceeding, changes: ProceedingPatch
) -> Proceeding:
    """Change a proceeding: its status, next date and step, authority, reference or note."""
    _require_legal_write(actor, proceeding.child)
    cleaned = input_given(changes)
    errors = track_errors(proceeding.track, cleaned)
    if errors:
        raise FieldErrors(errors)
    locked = Proceeding.objects.select_for_update().select_related("child").get(pk=proceeding.pk)
    if cleaned.get("status", locked.status) != locked.status:
        _residence_request_check(locked.child, locked.track, cleaned["status"])
    for name, value in cleaned.items():
        setattr(locked, name, value)
    locked.updated_by = actor
    locked.save()
    _record(actor, locked, AuditAction.PROCEEDING_UPDATE)
    _non_punishment_check(actor, locked)
    return locked


@transaction.atomic
def proceeding_special_measures_carry(
    *, actor: User, proceeding: Proceeding, measures: list[str]
) -> Proceeding:
    """Carry the special measures planned for the child's interview to the criminal proceeding
    it serves (a consequence of the interview plan: the planner's right to the interviews
    section suffices). Measures already there stay."""
    locked = Proceeding.objects.select_for_update().select_related("child").get(pk=proceeding.pk)
    carried = list(dict.fromkeys([*locked.special_measures, *measures]))
    if carried != locked.special_measures:
        locked.special_measures = carried
        locked.save(update_fields=["special_measures", "updated_at"])
        _record(actor, locked, AuditAction.PROCEEDING_UPDATE)
    return locked


def _residence_request_check(child: Child, track: str, status: str) -> None:
    """Applying for a residence permit for the child is a residence decision the agency
    requests: it needs a current best-interests determination that finds it in the child's best
    interests (409, field `bid`). CETS 197 Art. 14(2): a child victim's residence permit is
    issued in accordance with the best interests of the child; docs/best-interests.md."""
    if track == Track.RESIDENCE and status == ProceedingStatus.PERMIT_APPLIED:
        bid_require(child, BidPurpose.RESIDENCE_REQUEST)


def _non_punishment_check(actor: User, proceeding: Proceeding) -> None:
    """A child suspected in criminal proceedings who is a possible or actual victim of
    trafficking is not to be punished for what they were compelled to do: CETS 197 Art. 26 and
    Directive 2011/36/EU Art. 8 (DOMAIN.md). The proceeding is flagged (computed, see
    selectors.non_punishment_applies) and a task opens for the guardian and legal aid."""
    if non_punishment_applies(proceeding):
        _tasks_open(
            actor, child=proceeding.child, kind=TaskKind.NON_PUNISHMENT, proceeding=proceeding
        )


def non_punishment_on_identification(event: IdentificationDecided) -> None:
    """A decision that makes the child a possible or actual victim brings the non-punishment
    principle onto each criminal proceeding in which the child is a suspect: the task opens
    then, as it does when such a proceeding is recorded (identification.hooks)."""
    suspect_in = Proceeding.objects.filter(
        child=event.child, track=Track.CRIMINAL, child_role=ChildRole.SUSPECT
    ).select_related("child")
    for proceeding in suspect_in:
        _non_punishment_check(event.actor, proceeding)


def _task_owners(actor: User, child: Child) -> list[User]:
    """Who a task goes to: the child's guardian and the caseworker of the child's open case
    (the one who recorded the change if the case has no caseworker)."""
    owners: list[User] = []
    if child.guardian_id is not None:
        owners.append(child.guardian)  # type: ignore[arg-type]  # guardian_id is set
    case = child_open_case(child)
    caseworker = case.assigned_to if case is not None and case.assigned_to_id else None
    owners.append(caseworker or actor)
    return list({u.pk: u for u in owners if u.is_active}.values())


def _tasks_open(
    actor: User,
    *,
    child: Child,
    kind: TaskKind,
    permit: ResidencePermit | None = None,
    proceeding: Proceeding | None = None,
) -> list[LegalTask]:
    """Open a task of a kind on a record for each owner who has none yet; tell them."""
    due = time.today() + dt.timedelta(days=TASK_DUE_DAYS)
    opened = []
    for owner in _task_owners(actor, child):
        task, created = LegalTask.objects.get_or_create(
            kind=kind,
            permit=permit,
            proceeding=proceeding,
            owner=owner,
            defaults={"child": child, "due_on": due},
        )
        if created:
            opened.append(task)
            audit_record(
                actor=actor,
                action=AuditAction.LEGAL_TASK_OPEN,
                object_type="legal_task",
                object_id=task.public_id,
                detail={"kind": kind},
            )
    if opened:
        case_events_record_for_child(
            child=child, actor=actor, kind="legal_task_opened", data={"task": kind}
        )
        notify(
            recipients=[t.owner for t in opened],
            kind=NotificationKind.TASK,
            title=gettext_lazy("New task on a child's legal tracks"),
            path=reverse("legal:tracks", kwargs={"child_id": child.public_id}),
        )
    return opened


@transaction.atomic
def legal_task_done(*, actor: User, task: LegalTask) -> LegalTask:
    """Mark a task done: its owner, or anyone who writes the legal section of the file."""
    if task.owner_id != actor.pk:
        _require_legal_write(actor, task.child)
    if task.done_at is not None:
        raise ApplicationError(ErrorCode.CONFLICT, _("This task is done already."), field="task")
    task.done_at = time.now()
    task.done_by = actor
    task.save(update_fields=["done_at", "done_by", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.LEGAL_TASK_DONE,
        object_type="legal_task",
        object_id=task.public_id,
        detail={"kind": task.kind},
    )
    case_events_record_for_child(
        child=task.child, actor=actor, kind="legal_task_done", data={"task": task.kind}
    )
    return task


@transaction.atomic
def permit_add(*, actor: User, child: Child, data: PermitFieldsIn) -> ResidencePermit:
    """Record a residence permit granted to the child.

    A permit with an expiry date starts the renewal deadline, counted back from the expiry by
    the country's rule (a policy default: deadlines/rules.py); a new permit closes the renewal
    deadlines of the earlier ones. A permit granted for the child's cooperation with the
    authorities (CETS 197 Art. 14(1)(b)) opens a task for the guardian and the caseworker to seek
    a basis that does not depend on the child's part in proceedings: the seeds ask that a child's
    residence be delinked from criminal proceedings (docs/residence.md).
    """
    _require_legal_write(actor, child)
    fields = {name: getattr(data, name) for name in PermitFieldsIn.model_fields}
    permit = ResidencePermit.objects.create(child=child, recorded_by=actor, **fields)
    detail = {"basis": permit.basis, "expires": bool(permit.expires_on)}
    audit_record(
        actor=actor,
        action=AuditAction.PERMIT_CREATE,
        object_type="permit",
        object_id=permit.public_id,
        detail=detail,
    )
    case_events_record_for_child(child=child, actor=actor, kind="permit_recorded", data=detail)
    case = child_open_case(child)
    if case is not None:
        deadlines_close(code=DeadlineCode.PERMIT_RENEWAL, actor=actor, case=case)
        if permit.expires_on is not None:
            expiry = timezone.make_aware(dt.datetime.combine(permit.expires_on, dt.time.min))
            deadline_start(
                code=DeadlineCode.PERMIT_RENEWAL,
                agency=case.agency,
                team=case.team,
                case=case,
                starts_at=time.now(),
                counted_back_from=expiry,
            )
    if permit.depends_on_cooperation:
        _tasks_open(actor, child=child, kind=TaskKind.INDEPENDENT_BASIS, permit=permit)
    return permit


@transaction.atomic
def child_information_record(
    *, actor: User, child: Child, data: InformationFieldsIn
) -> ChildInformation:
    """Record what the child was told, by the actor, and whether the child understood. A record
    that names a decision must name one of the child's decisions the actor sees (the seeds:
    regular provision of information to the child; docs/residence.md)."""
    _require_legal_write(actor, child)
    if bool(data.decision_kind) != bool(data.decision_ref):
        raise FieldErrors({"decision_ref": _("Name the decision, or none.")})
    if data.decision_kind:
        access = child_section_access_for(actor, child)
        known = {(d.kind, d.ref) for d in decisions_for(child, access)}
        if (data.decision_kind, data.decision_ref) not in known:
            raise FieldErrors({"decision_ref": _("This is not a decision on this child.")})
    fields = {name: getattr(data, name) for name in InformationFieldsIn.model_fields}
    record = ChildInformation.objects.create(child=child, told_by=actor, **fields)
    detail = {
        "decision": data.decision_kind,
        "language": data.language,
        "understood": data.understood,
    }
    audit_record(
        actor=actor,
        action=AuditAction.CHILD_INFORMATION_RECORD,
        object_type="child_information",
        object_id=record.public_id,
        detail=detail,
    )
    case_events_record_for_child(child=child, actor=actor, kind="child_informed", data=detail)
    return record
