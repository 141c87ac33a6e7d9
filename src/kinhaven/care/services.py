"""Writes on alternative care placements: the start, the vetting of the carer and the safety
plan, the end, and the visits to the child.

Rules and their sources (docs/care.md):
- UN Guidelines for the Alternative Care of Children (A/RES/64/142, 2009), §29: the forms of
  alternative care (kinship care, foster care, other family-based care, residential care,
  supervised independent living); part VI: the form of care decided case by case, with reasons;
  part VII: a placement reviewed and monitored, the child consulted and the child's views heard.
- One current placement per child, kept by the database (care.models.Placement); a placement
  ends with a date and a reason and is never overwritten, so the history stays.
- The directory's free places follow placements: a current placement holds a place in its
  service (care.selectors.places_held_by_placements), and a full service takes no one more
  (a Kinhaven rule: the capacity the service gives).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import User
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_record
from kinhaven.care.models import Placement, PlacementVisit
from kinhaven.care.schemas import PlacementEndIn, PlacementIn, VettingIn, VisitIn
from kinhaven.care.selectors import READ_SECTION
from kinhaven.cases.enums import OPEN_STATUSES
from kinhaven.children.models import Child
from kinhaven.children.services import child_section_write_require
from kinhaven.core.errors import ApplicationError, ErrorCode, FieldErrors
from kinhaven.referrals.models import Service
from kinhaven.referrals.selectors import services_with_places
from kinhaven.timeline.services import timeline_record


def care_write_require(actor: User, child: Child) -> None:
    """Refuse a write on the child's placements unless the role edits children's records and the
    actor writes the care section of this child's file."""
    child_section_write_require(
        actor, child, capability=Capability.CHILD_EDIT, section=READ_SECTION
    )


def _record(actor: User, placement: Placement, action: AuditAction, kind: str) -> None:
    detail = {"placement": str(placement.public_id), "kind": placement.kind}
    audit_record(
        actor=actor,
        action=action,
        object_type="placement",
        object_id=placement.public_id,
        detail=detail,
    )
    timeline_record(case=placement.case, kind=kind, actor=actor, data=detail)


def _service(data: PlacementIn) -> Service | None:
    """The chosen service of the directory, listed and with a place free, or an error naming
    the field."""
    if data.service_id is None:
        return None
    service = (
        Service.objects.select_for_update().filter(public_id=data.service_id, active=True).first()
    )
    if service is None:
        raise FieldErrors({"service_id": _("Choose a service listed in the directory.")})
    counted = services_with_places().get(pk=service.pk)
    if counted.places_free == 0:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("This service has no free place."),
            field="service_id",
        )
    return service


@transaction.atomic
def placement_start(*, actor: User, child: Child, data: PlacementIn) -> Placement:
    """Place the child in alternative care, under the child's open case. A child has one current
    placement: a second one is refused by the database (409); end the current one first."""
    care_write_require(actor, child)
    case = child.cases.filter(status__in=OPEN_STATUSES).order_by("-created_at", "-id").first()
    if case is None:
        raise ApplicationError(
            ErrorCode.CONFLICT, _("The child has no open case to place under."), field="case"
        )
    service = _service(data)
    try:
        with transaction.atomic():
            placement = Placement.objects.create(
                child=child,
                case=case,
                kind=data.kind,
                service=service,
                carer_name=data.carer_name,
                vetting=data.vetting,
                vetting_on=data.vetting_on,
                safety_plan=data.safety_plan,
                started_on=data.started_on,
                start_reason=data.start_reason,
                created_by=actor,
            )
    except IntegrityError:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("The child has a current placement: end it before starting another."),
            field="placement",
        ) from None
    _record(actor, placement, AuditAction.PLACEMENT_START, "placement_started")
    return placement


def _locked(placement: Placement) -> Placement:
    return (
        Placement.objects.select_for_update(of=("self",))
        .select_related("child", "case", "service")
        .get(pk=placement.pk)
    )


def _current_require(placement: Placement) -> None:
    if placement.ended_on is not None:
        raise ApplicationError(
            ErrorCode.TRANSITION_NOT_ALLOWED, _("This placement has ended."), field="placement"
        )


@transaction.atomic
def placement_vetting_update(*, actor: User, placement: Placement, data: VettingIn) -> Placement:
    """Record where the carer's vetting stands and the safety plan as it is now."""
    care_write_require(actor, placement.child)
    locked = _locked(placement)
    _current_require(locked)
    locked.vetting, locked.vetting_on = data.vetting, data.vetting_on
    locked.safety_plan = data.safety_plan
    locked.save(update_fields=["vetting", "vetting_on", "safety_plan", "updated_at"])
    _record(actor, locked, AuditAction.PLACEMENT_VETTING, "placement_vetting_updated")
    return locked


@transaction.atomic
def placement_end(*, actor: User, placement: Placement, data: PlacementEndIn) -> Placement:
    """End the current placement with the date and the reason; it stays in the history."""
    care_write_require(actor, placement.child)
    locked = _locked(placement)
    _current_require(locked)
    if data.ended_on < locked.started_on:
        raise FieldErrors({"ended_on": _("A placement ends on or after the day it started.")})
    locked.ended_on, locked.end_reason, locked.ended_by = data.ended_on, data.end_reason, actor
    locked.save(update_fields=["ended_on", "end_reason", "ended_by", "updated_at"])
    _record(actor, locked, AuditAction.PLACEMENT_END, "placement_ended")
    return locked


@transaction.atomic
def placement_visit_record(*, actor: User, placement: Placement, data: VisitIn) -> PlacementVisit:
    """Record a visit to the child in the placement, with the child's views heard at it."""
    care_write_require(actor, placement.child)
    locked = _locked(placement)
    if data.visited_on < locked.started_on or (
        locked.ended_on is not None and data.visited_on > locked.ended_on
    ):
        raise FieldErrors({"visited_on": _("The visit falls outside the placement's dates.")})
    visit = PlacementVisit.objects.create(
        placement=locked,
        visited_on=data.visited_on,
        visitor=data.visitor,
        visitor_name=data.visitor_name,
        child_views=data.child_views,
        concerns=data.concerns,
        recorded_by=actor,
    )
    detail = {
        "placement": str(locked.public_id),
        "visit": str(visit.public_id),
        "visitor": visit.visitor,
        "concerns": bool(visit.concerns),
    }
    audit_record(
        actor=actor,
        action=AuditAction.PLACEMENT_VISIT,
        object_type="placement",
        object_id=locked.public_id,
        detail=detail,
    )
    timeline_record(case=locked.case, kind="placement_visited", actor=actor, data=detail)
    return visit
