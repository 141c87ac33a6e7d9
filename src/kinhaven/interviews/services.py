"""Writes on a child's forensic interviews: plan (a repeat on the same matter needs a written
justification, then another person's approval), approve a repeat, record the interview as held,
cancel. Special measures are carried to the criminal proceeding the interview serves."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import User
from kinhaven.audit.actions import AuditAction
from kinhaven.cases.enums import OPEN_STATUSES
from kinhaven.cases.models import Case
from kinhaven.cases.services import child_record_audit_and_event
from kinhaven.children.models import Child
from kinhaven.children.services import child_section_write_require
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.interviews.enums import InterviewStatus
from kinhaven.interviews.models import Interview
from kinhaven.interviews.schemas import InterviewCancelIn, InterviewHeldIn, InterviewPlanIn
from kinhaven.interviews.selectors import READ_SECTION, interviews_on_matter
from kinhaven.legal.enums import Track
from kinhaven.legal.models import Proceeding
from kinhaven.legal.services import proceeding_special_measures_carry
from kinhaven.notifications.enums import NotificationKind
from kinhaven.notifications.services import notify


def interviews_write_require(
    actor: User, child: Child, capability: Capability = Capability.INTERVIEW_PLAN
) -> None:
    """Refuse a write on the child's interviews unless the role has the capability and the actor
    writes the interviews section of this child's file."""
    child_section_write_require(actor, child, capability=capability, section=READ_SECTION)


def interview_path(interview: Interview) -> str:
    return reverse("interviews:detail", args=[interview.child.public_id, interview.public_id])


def _record(actor: User, interview: Interview, action: AuditAction, kind: str) -> None:
    child_record_audit_and_event(
        actor=actor,
        child=interview.child,
        object_type="interview",
        public_id=interview.public_id,
        action=action,
        kind=kind,
        detail={"status": interview.status},
    )


def _open_case(child: Child) -> Case:
    case = child.cases.filter(status__in=OPEN_STATUSES).order_by("-created_at", "-id").first()
    if case is None:
        raise ApplicationError(ErrorCode.CONFLICT, _("The child has no open case."), field="case")
    return case


def _proceeding(child: Child, data: InterviewPlanIn) -> Proceeding | None:
    if data.proceeding_id is None:
        return None
    proceeding = Proceeding.objects.filter(
        child=child, public_id=data.proceeding_id, track=Track.CRIMINAL
    ).first()
    if proceeding is None:
        raise ApplicationError(
            ErrorCode.INVALID,
            _("Choose one of the child's criminal proceedings."),
            field="proceeding_id",
        )
    return proceeding


@transaction.atomic
def interview_plan(*, actor: User, child: Child, data: InterviewPlanIn) -> Interview:
    """Plan a forensic interview. When the child has an interview on the same matter already
    (planned, awaiting approval or held), this one is a repeat: without a written justification
    it is refused (409 naming `justification`); with one it waits for the approval of another
    person whose role may give it, and the supervisors are told."""
    interviews_write_require(actor, child)
    case = _open_case(child)
    proceeding = _proceeding(child, data)
    # Serialise plans for one child: two at once cannot both be the first.
    Child.objects.select_for_update().filter(pk=child.pk).first()
    earlier = interviews_on_matter(
        child=child, matter=data.matter, proceeding_id=proceeding.pk if proceeding else None
    )
    if earlier and not data.justification:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _(
                "The child has been interviewed on this matter already: a repeat interview "
                "needs a written justification, then the approval of another person."
            ),
            field="justification",
        )
    interview = Interview.objects.create(
        child=child,
        case=case,
        proceeding=proceeding,
        matter=data.matter,
        purpose=data.purpose,
        status=InterviewStatus.AWAITING_APPROVAL if earlier else InterviewStatus.PLANNED,
        planned_at=data.planned_at,
        room=data.room,
        interviewer_name=data.interviewer_name,
        interviewer_role=data.interviewer_role,
        interviewer_training=data.interviewer_training,
        interviewer_trained_on=data.interviewer_trained_on,
        team=[m.model_dump() for m in data.team],
        language_support=data.language_support.model_dump() if data.language_support else {},
        special_measures=list(dict.fromkeys(data.special_measures)),
        justification=data.justification if earlier else "",
        planned_by=actor,
    )
    if proceeding is not None and interview.special_measures:
        proceeding_special_measures_carry(
            actor=actor, proceeding=proceeding, measures=interview.special_measures
        )
    _record(actor, interview, AuditAction.INTERVIEW_PLAN, "interview_planned")
    if earlier:
        notify(
            recipients=_approvers(case, actor),
            kind=NotificationKind.TASK,
            title=gettext_lazy("A repeat interview of a child waits for approval"),
            path=interview_path(interview),
        )
    return interview


def _approvers(case: Case, actor: User) -> list[User]:
    """Those of the case's agency whose role may approve a repeat interview, but the planner."""
    return [
        u
        for u in User.objects.filter(agency_id=case.agency_id, is_active=True)
        .exclude(pk=actor.pk)
        .select_related("role")
        if u.has_capability(Capability.INTERVIEW_APPROVE_REPEAT)
    ]


def _locked(interview: Interview) -> Interview:
    return (
        Interview.objects.select_for_update(of=("self",))
        .select_related("child", "case", "proceeding")
        .get(pk=interview.pk)
    )


@transaction.atomic
def interview_repeat_approve(*, actor: User, interview: Interview) -> Interview:
    """Approve a repeat interview: by a role that may, and not by the person who planned it."""
    interviews_write_require(actor, interview.child, Capability.INTERVIEW_APPROVE_REPEAT)
    locked = _locked(interview)
    if locked.status != InterviewStatus.AWAITING_APPROVAL:
        raise ApplicationError(
            ErrorCode.CONFLICT, _("This interview waits for no approval."), field="status"
        )
    if locked.planned_by_id == actor.pk:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("Another person approves a repeat interview than the one who planned it."),
            field="approved_by",
        )
    locked.status = InterviewStatus.PLANNED
    locked.approved_by, locked.approved_at = actor, time.now()
    locked.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    _record(actor, locked, AuditAction.INTERVIEW_REPEAT_APPROVE, "interview_repeat_approved")
    return locked


@transaction.atomic
def interview_held_record(*, actor: User, interview: Interview, data: InterviewHeldIn) -> Interview:
    """Record the interview as held: when, the room, who was present, the recording."""
    interviews_write_require(actor, interview.child)
    locked = _locked(interview)
    if locked.status == InterviewStatus.AWAITING_APPROVAL:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("A repeat interview is held only once another person approved it."),
            field="approval",
        )
    if locked.status != InterviewStatus.PLANNED:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("Only a planned interview can be recorded as held."),
            field="status",
        )
    locked.status = InterviewStatus.HELD
    locked.held_at, locked.room = data.held_at, data.room
    locked.present = list(data.present)
    locked.recording_reference, locked.notes = data.recording_reference, data.notes
    locked.recorded_by = actor
    locked.save()
    _record(actor, locked, AuditAction.INTERVIEW_HELD, "interview_held")
    return locked


@transaction.atomic
def interview_cancel(*, actor: User, interview: Interview, data: InterviewCancelIn) -> Interview:
    """Cancel an interview not yet held, with the reason."""
    interviews_write_require(actor, interview.child)
    locked = _locked(interview)
    if locked.status not in {InterviewStatus.PLANNED, InterviewStatus.AWAITING_APPROVAL}:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("Only an interview not yet held can be cancelled."),
            field="status",
        )
    locked.status = InterviewStatus.CANCELLED
    locked.cancelled_reason = data.reason
    locked.save(update_fields=["status", "cancelled_reason", "updated_at"])
    _record(actor, locked, AuditAction.INTERVIEW_CANCEL, "interview_cancelled")
    return locked
