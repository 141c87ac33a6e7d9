"""Writes on best-interests assessments and determinations, and the gate that refuses a decision
about the child's future without a current determination.

Rules and their sources (docs/best-interests.md):
- UNHCR Best Interests Procedure Guidelines (2021), as DOMAIN.md sums them up: a best-interests
  assessment (BIA) by the caseworker, approved by a supervisor before it counts; a
  best-interests determination (BID) by a multidisciplinary panel that is not the assessor,
  recording the child's views, the options, the factors, the decision with reasons, any dissent
  and a review date.
- CRC Art. 3(1) and 12: the child's best interests a primary consideration; the child heard.
- The issue's rules, policy: a BIA opens with every case; a panel of at least three distinct
  disciplines; the guardian present or their written view; a BID is needed before family
  reunification, return, relocation or transfer, a residence decision the agency requests, and
  the durable solution.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import User
from kinhaven.approvals.models import ApprovalRequest
from kinhaven.approvals.selectors import approval_pending_for
from kinhaven.approvals.services import approval_decide, approval_request
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_record
from kinhaven.bestinterests.enums import (
    BIA_APPROVAL_KIND,
    DEFAULT_DISCIPLINES,
    PANEL_MIN_DISCIPLINES,
    BidPurpose,
    VersionStatus,
)
from kinhaven.bestinterests.models import (
    AssessmentVersion,
    BestInterestsAssessment,
    BestInterestsDetermination,
    Discipline,
    PanelMember,
)
from kinhaven.bestinterests.schemas import (
    ApprovalDecisionIn,
    AssessmentVersionIn,
    DeterminationIn,
)
from kinhaven.bestinterests.selectors import (
    READ_SECTION,
    determination_is_current,
    version_current_for_child,
)
from kinhaven.cases.hooks import CaseOpened
from kinhaven.cases.services import child_record_audit_and_event
from kinhaven.children.models import Child
from kinhaven.children.selectors import child_holder_require, child_section_access_for
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode, FieldErrors
from kinhaven.core.validation import in_words
from kinhaven.deadlines.enums import DeadlineCode
from kinhaven.deadlines.services import deadline_start, deadlines_close
from kinhaven.timeline.services import timeline_record


def _capability_require(actor: User, capability: Capability) -> None:
    if not actor.has_capability(capability):
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED,
            _("Your role does not allow this: it needs the capability “%(label)s” (%(code)s).")
            % {"label": capability.label, "code": capability.value},
        )


def _require(actor: User, child: Child, capability: Capability) -> None:
    """The capability, the agency holding the child's record, and the care section written."""
    _capability_require(actor, capability)
    child_holder_require(actor, child)
    if READ_SECTION not in child_section_access_for(actor, child).write:
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED,
            _("Your role does not write the care section of this child's file."),
        )


def bi_write_require(actor: User, child: Child, capability: Capability) -> None:
    """Refuse a write on the child's best interests (403) unless the actor has the capability,
    belongs to the agency holding the record and writes its care section; for the pages, which
    check before they show or take a form."""
    _require(actor, child, capability)


def bia_decide_require(actor: User, child: Child) -> None:
    """Refuse a decision on a BIA version (403) unless the actor approves assessments for the
    agency holding the child's record."""
    _capability_require(actor, Capability.BEST_INTERESTS_APPROVE)
    child_holder_require(actor, child)


def disciplines_ensure_defaults() -> None:
    """Create the default disciplines that are missing (enums.DEFAULT_DISCIPLINES, also set by
    migration 0002); leave those an administrator changed as they are."""
    for code, label in DEFAULT_DISCIPLINES:
        Discipline.objects.get_or_create(code=code, defaults={"label": label})


# The BIA ------------------------------------------------------------------------------------


def bia_open(opened: CaseOpened) -> None:
    """Open the BIA of a case just opened, and start its deadline (cases.hooks)."""
    case = opened.case
    assessment = BestInterestsAssessment.objects.create(
        child=case.child, case=case, opened_at=time.now()
    )
    audit_record(
        actor=opened.actor,
        action=AuditAction.BEST_INTERESTS_ASSESSMENT_OPEN,
        object_type="best_interests_assessment",
        object_id=assessment.public_id,
        detail={"case": str(case.public_id)},
    )
    timeline_record(
        case=case,
        kind="bia_opened",
        actor=opened.actor,
        data={"best_interests_assessment": str(assessment.public_id)},
    )
    deadline_start(
        code=DeadlineCode.BEST_INTERESTS_ASSESSMENT,
        agency=case.agency,
        team=case.team,
        case=case,
        starts_at=assessment.opened_at,
    )


@transaction.atomic
def bia_version_record(
    *, actor: User, assessment: BestInterestsAssessment, data: AssessmentVersionIn
) -> AssessmentVersion:
    """Record a new version of the BIA; earlier versions stay as they were. One version in the
    works at a time: a draft or a submitted version is decided or sent back first."""
    child = assessment.child
    _require(actor, child, Capability.CASE_EDIT)
    BestInterestsAssessment.objects.select_for_update().filter(pk=assessment.pk).first()
    last = assessment.versions.aggregate(n=Max("number"))["n"] or 0
    try:
        with transaction.atomic():
            version = AssessmentVersion.objects.create(
                assessment=assessment,
                number=last + 1,
                recorded_by=actor,
                recorded_at=time.now(),
                **data.model_dump(),
            )
    except IntegrityError:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _(
                "A version of this assessment is in the works already: have it approved or "
                "sent back first."
            ),
            field="version",
        ) from None
    child_record_audit_and_event(
        actor=actor,
        child=child,
        object_type="best_interests_assessment",
        public_id=assessment.public_id,
        action=AuditAction.BEST_INTERESTS_ASSESSMENT_VERSION,
        kind="bia_version_recorded",
        detail={"version": version.number},
    )
    return version


@transaction.atomic
def bia_version_submit(*, actor: User, version: AssessmentVersion) -> AssessmentVersion:
    """Submit a draft version for approval (approvals: pending → approved | sent back)."""
    assessment = version.assessment
    _require(actor, assessment.child, Capability.CASE_EDIT)
    locked = AssessmentVersion.objects.select_for_update().get(pk=version.pk)
    if locked.status != VersionStatus.DRAFT:
        raise ApplicationError(
            ErrorCode.TRANSITION_NOT_ALLOWED,
            _("Only a draft version is submitted for approval."),
            field="version",
        )
    locked.status = VersionStatus.SUBMITTED
    locked.save(update_fields=["status", "updated_at"])
    approval_request(
        actor=actor,
        kind=BIA_APPROVAL_KIND,
        object_id=locked.public_id,
        agency=assessment.child.agency,
    )
    child_record_audit_and_event(
        actor=actor,
        child=assessment.child,
        object_type="best_interests_assessment",
        public_id=assessment.public_id,
        action=AuditAction.BEST_INTERESTS_ASSESSMENT_SUBMIT,
        kind="bia_submitted",
        detail={"version": locked.number},
    )
    return locked


@transaction.atomic
def bia_version_decide(
    *, actor: User, version: AssessmentVersion, data: ApprovalDecisionIn
) -> AssessmentVersion:
    """Approve the submitted version (it then counts) or send it back with reasons."""
    _capability_require(actor, Capability.BEST_INTERESTS_APPROVE)
    child_holder_require(actor, version.assessment.child)
    request = approval_pending_for(kind=BIA_APPROVAL_KIND, object_id=version.public_id)
    if request is None:
        raise ApplicationError(
            ErrorCode.TRANSITION_NOT_ALLOWED,
            _("This version is not waiting for approval."),
            field="version",
        )
    approval_decide(actor=actor, request=request, decision=data.decision, reasons=data.reasons)
    return AssessmentVersion.objects.select_related("assessment").get(pk=version.pk)


def bia_approval_decided(request: ApprovalRequest, actor: User) -> None:
    """The approval's outcome on the version (approvals.registry, in the deciding transaction):
    approved, the version counts and the BIA's deadline is met; sent back, the reasons stay on
    it and the caseworker records a new version."""
    version = (
        AssessmentVersion.objects.select_for_update()
        .select_related("assessment", "assessment__child", "assessment__case")
        .get(public_id=request.object_id)
    )
    approved = request.state == "approved"
    version.status = VersionStatus.APPROVED if approved else VersionStatus.SENT_BACK
    version.sent_back_reasons = "" if approved else request.reasons
    version.decided_by, version.decided_at = actor, request.decided_at
    version.save()
    assessment = version.assessment
    if approved:
        deadlines_close(
            code=DeadlineCode.BEST_INTERESTS_ASSESSMENT, actor=actor, case=assessment.case
        )
    child_record_audit_and_event(
        actor=actor,
        child=assessment.child,
        object_type="best_interests_assessment",
        public_id=assessment.public_id,
        action=AuditAction.BEST_INTERESTS_ASSESSMENT_DECIDE,
        kind="bia_approved" if approved else "bia_sent_back",
        detail={"version": version.number},
    )


# The BID ------------------------------------------------------------------------------------


def _panel_check(data: DeterminationIn) -> dict[str, Discipline]:
    """Every member's discipline is an active one, and at least three distinct disciplines."""
    codes = {m.discipline for m in data.members}
    known = {d.code: d for d in Discipline.objects.filter(code__in=codes, active=True)}
    unknown = codes - known.keys()
    if unknown:
        raise FieldErrors({"members": _("Choose each member's discipline from the list.")})
    if len(known) < PANEL_MIN_DISCIPLINES:
        raise FieldErrors(
            {
                "members": _("The panel brings at least %(n)d different disciplines.")
                % {"n": PANEL_MIN_DISCIPLINES}
            }
        )
    return known


def _assessor_off_the_panel(assessor: User, data: DeterminationIn) -> None:
    """No member of the panel is named as the one who wrote the assessment (their full name or
    their user name, case and spacing aside): the panel is not the assessor (UNHCR 2021)."""
    names = {in_words(assessor.get_full_name()), in_words(assessor.username)} - {""}
    if any(in_words(m.name) in names for m in data.members):
        raise FieldErrors(
            {"members": _("The one who wrote the assessment does not sit on the panel.")}
        )


def _review_due(review_on: dt.date) -> dt.datetime:
    """The review is due at the end of its day."""
    return dt.datetime.combine(review_on, dt.time.max, tzinfo=timezone.get_current_timezone())


@transaction.atomic
def bid_record(*, actor: User, child: Child, data: DeterminationIn) -> BestInterestsDetermination:
    """Record a panel's determination, on the child's approved BIA, by someone who did not write
    that assessment; start its review deadline, and end the review of the BID it replaces."""
    _require(actor, child, Capability.BEST_INTERESTS_DETERMINE)
    disciplines = _panel_check(data)
    version = version_current_for_child(child)
    if version is None:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("A determination rests on an approved best-interests assessment; there is none."),
            field="assessment",
        )
    if version.recorded_by_id == actor.pk:
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED,
            _("The determination is made by a panel, not by the one who wrote the assessment."),
            field="assessment",
        )
    _assessor_off_the_panel(version.recorded_by, data)
    case = version.assessment.case
    fields = data.model_dump(exclude={"members"})
    bid = BestInterestsDetermination.objects.create(
        child=child,
        case=case,
        assessment_version=version,
        recorded_by=actor,
        recorded_at=time.now(),
        **fields,
    )
    PanelMember.objects.bulk_create(
        PanelMember(
            determination=bid,
            name=m.name,
            discipline=disciplines[m.discipline],
            position=m.position,
            reasons=m.reasons,
        )
        for m in data.members
    )
    for other in child.cases.all():
        deadlines_close(code=DeadlineCode.BEST_INTERESTS_REVIEW, actor=actor, case=other)
    deadline_start(
        code=DeadlineCode.BEST_INTERESTS_REVIEW,
        agency=case.agency,
        team=case.team,
        case=case,
        starts_at=time.now(),
        due_at=_review_due(bid.review_on),
    )
    child_record_audit_and_event(
        actor=actor,
        child=child,
        object_type="best_interests_determination",
        public_id=bid.public_id,
        action=AuditAction.BEST_INTERESTS_DETERMINATION_RECORD,
        kind="bid_recorded",
        detail={
            "purposes": list(bid.purposes),
            "dissents": sum(1 for m in data.members if m.position == "dissent"),
            "review_on": bid.review_on.isoformat(),
        },
    )
    return bid


# The gate -----------------------------------------------------------------------------------


def bid_require(child: Child, purpose: BidPurpose | str) -> BestInterestsDetermination:
    """Refuse a decision about the child's future without a current BID that finds it in the
    child's best interests (409, field `bid`), saying what is missing; return the BID.

    Called before family reunification (tracing), return, relocation or transfer, a residence
    decision the agency requests, and the durable solution.
    """
    purpose = BidPurpose(purpose)
    latest = (
        BestInterestsDetermination.objects.filter(child=child)
        .order_by("-decided_on", "-id")
        .first()
    )
    if latest is None:
        message = _(
            "%(purpose)s needs a best-interests determination first; the child has none."
        ) % {"purpose": purpose.label}
    elif not determination_is_current(latest):
        message = _(
            "%(purpose)s needs a current best-interests determination; the latest was due for "
            "review on %(date)s. Review it first."
        ) % {"purpose": purpose.label, "date": latest.review_on.isoformat()}
    elif purpose.value not in latest.purposes:
        message = _(
            "%(purpose)s needs a best-interests determination that finds it in the child's best "
            "interests; the current one does not."
        ) % {"purpose": purpose.label}
    else:
        return latest
    raise ApplicationError(ErrorCode.CONFLICT, message, field="bid")
