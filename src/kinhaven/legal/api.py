import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from kinhaven.accounts.auth import request_user
from kinhaven.accounts.enums import Section
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_consultation
from kinhaven.bestinterests.enums import Position
from kinhaven.bestinterests.models import BestInterestsDetermination
from kinhaven.care.models import Placement
from kinhaven.care.presenters import placement_out
from kinhaven.children.access import access_child_by_id
from kinhaven.children.selectors import child_section_access_for
from kinhaven.deadlines.enums import DeadlineState
from kinhaven.deadlines.models import Deadline
from kinhaven.legal.access import (
    access_legal_task_by_id,
    access_permit_by_id,
    access_proceeding_by_id,
)
from kinhaven.legal.models import ChildInformation, LegalTask, Proceeding, ResidencePermit
from kinhaven.legal.schemas import (
    ChildInformationOut,
    InformationIn,
    InformationOut,
    LegalTaskOut,
    PermitIn,
    PermitOut,
    ProceedingIn,
    ProceedingOut,
    ProceedingPatch,
    TracksOut,
    WardOut,
)
from kinhaven.legal.selectors import (
    child_tracks,
    decisions_untold,
    information_for_child,
    permits_for_child,
    proceedings_for_child,
    wards_for_guardian,
)
from kinhaven.legal.services import (
    child_information_record,
    legal_task_done,
    permit_add,
    proceeding_add,
    proceeding_update,
)
from kinhaven.solutions.presenters import departure_out, plan_out

router = Router(tags=["proceedings"])
tracks_router = Router(tags=["children"])
guardian_router = Router(tags=["guardianship"])
permits_router = Router(tags=["residence permits"])
legal_tasks_router = Router(tags=["proceedings"])
information_router = Router(tags=["information to the child"])


def _deadlines(rows: list[tuple[Deadline, DeadlineState]]) -> list[dict[str, Any]]:
    return [
        {"id": d.public_id, "code": d.code, "due_at": d.due_at, "state": state.value}
        for d, state in rows
    ]


@tracks_router.get("/{child_id}/tracks", response=TracksOut)
def child_tracks_view(request: HttpRequest, child_id: uuid.UUID) -> dict[str, Any]:
    """One view of the child across assistance, child protection, asylum and residence, and
    criminal proceedings: each part as far as you may see it."""
    user = request_user(request)
    child = access_child_by_id(user, child_id, action=AuditAction.CHILD_READ_TRACKS)
    tracks = child_tracks(user=user, child=child)
    audit_consultation(actor=user, object_type="track", records=tracks.records())
    return {
        "legal": tracks.legal_readable,
        "assistance": tracks.assistance,
        "child_protection": {
            "cases": tracks.cases,
            "deadlines": _deadlines(tracks.deadlines),
            "conferences": tracks.conferences,
            "tasks": tracks.tasks,
        },
        "asylum_and_residence": {
            "asylum": tracks.asylum,
            "residence": tracks.residence,
            "permits": tracks.permits,
            "deadlines": _deadlines(tracks.residence_deadlines),
            "referrals": tracks.legal_referrals,
        },
        "criminal_proceedings": tracks.criminal,
        "legal_tasks": tracks.legal_tasks,
        "alternative_care": {
            "readable": tracks.care_readable,
            "current": (
                placement_out(tracks.current_placement) if tracks.current_placement else None
            ),
            "placements": [placement_out(p) for p in tracks.placements],
            "best_interests_assessments": [
                {
                    "id": a.public_id,
                    "opened_at": a.opened_at,
                    "current_version": current.number if current else None,
                    "latest_version": latest.number if latest else None,
                    "latest_status": latest.status if latest else None,
                }
                for a, current, latest in tracks.assessment_rows
            ],
            "current_determination": _determination(tracks.current_determination),
            "durable_solution_plan": plan_out(tracks.live_plan) if tracks.live_plan else None,
            "departures": [departure_out(d) for d in tracks.departures],
        },
    }


def _determination(bid: BestInterestsDetermination | None) -> dict[str, Any] | None:
    if bid is None:
        return None
    return {
        "id": bid.public_id,
        "decided_on": bid.decided_on,
        "review_on": bid.review_on,
        "purposes": list(bid.purposes),
        "decision": bid.decision,
        "dissents": sum(1 for m in bid.members.all() if m.position == Position.DISSENT),
    }


def _ward_placement(placement: Placement | None) -> dict[str, Any] | None:
    if placement is None:
        return None
    visits = [v.visited_on for v in placement.visits.all()]
    return {
        "kind": placement.kind,
        "carer": placement.carer_label,
        "started_on": placement.started_on,
        "last_visit_on": max(visits) if visits else None,
    }


@guardian_router.get("/wards", response=list[WardOut])
def ward_list(request: HttpRequest) -> list[dict[str, Any]]:
    """The children in your guardianship, with where each track stands."""
    user = request_user(request)
    wards = wards_for_guardian(user=user)
    audit_consultation(actor=user, object_type="child", records=[w.child for w in wards])
    return [
        {
            "child_id": w.child.public_id,
            "name": w.name,
            "open_cases": len(w.open_cases),
            "live_referrals": len(w.live_referrals),
            "proceedings": w.proceedings,
            "overdue_deadlines": w.overdue,
            "placement": _ward_placement(w.placement),
        }
        for w in wards
    ]


@router.get("", response=list[ProceedingOut])
def proceeding_list(request: HttpRequest, child_id: uuid.UUID) -> list[Proceeding]:
    """The child's proceedings, if you read the legal section of the file (else none)."""
    user = request_user(request)
    child = access_child_by_id(user, child_id)
    proceedings = list(proceedings_for_child(user=user, child=child))
    audit_consultation(actor=user, object_type="proceeding", records=proceedings)
    return proceedings


@router.post("", response={201: ProceedingOut})
def proceeding_create(request: HttpRequest, payload: ProceedingIn) -> Status[Proceeding]:
    user = request_user(request)
    child = access_child_by_id(user, payload.child_id, action=AuditAction.CHILD_READ_FOR_UPDATE)
    proceeding = proceeding_add(actor=user, child=child, data=payload)
    return Status(201, proceedings_for_child(user=user, child=child).get(pk=proceeding.pk))


@router.get("/{proceeding_id}", response=ProceedingOut)
def proceeding_detail(request: HttpRequest, proceeding_id: uuid.UUID) -> Proceeding:
    return access_proceeding_by_id(request_user(request), proceeding_id)


@router.patch("/{proceeding_id}", response=ProceedingOut)
def proceeding_change(
    request: HttpRequest, proceeding_id: uuid.UUID, payload: ProceedingPatch
) -> Proceeding:
    """Change a proceeding; only the fields given change (`next_date: null` clears it)."""
    user = request_user(request)
    proceeding = access_proceeding_by_id(
        user, proceeding_id, action=AuditAction.PROCEEDING_READ_FOR_UPDATE
    )
    return proceeding_update(actor=user, proceeding=proceeding, changes=payload)


@permits_router.get("", response=list[PermitOut])
def permit_list(request: HttpRequest, child_id: uuid.UUID) -> list[ResidencePermit]:
    """The child's residence permits, if you read the legal section of the file (else none).
    A permit granted for the child's cooperation carries a warning."""
    user = request_user(request)
    child = access_child_by_id(user, child_id)
    permits = list(permits_for_child(user=user, child=child))
    audit_consultation(actor=user, object_type="permit", records=permits)
    return permits


@permits_router.post("", response={201: PermitOut})
def permit_create(request: HttpRequest, payload: PermitIn) -> Status[ResidencePermit]:
    """Record a permit; its expiry starts the renewal deadline, and a permit granted for the
    child's cooperation opens a task to seek another basis."""
    user = request_user(request)
    child = access_child_by_id(user, payload.child_id, action=AuditAction.CHILD_READ_FOR_UPDATE)
    return Status(201, permit_add(actor=user, child=child, data=payload))


@permits_router.get("/{permit_id}", response=PermitOut)
def permit_detail(request: HttpRequest, permit_id: uuid.UUID) -> ResidencePermit:
    return access_permit_by_id(request_user(request), permit_id)


@legal_tasks_router.post("/{task_id}/completion", response=LegalTaskOut)
def legal_task_complete(request: HttpRequest, task_id: uuid.UUID) -> LegalTask:
    """Mark a task on the child's legal tracks done: its owner, or who writes the legal section."""
    user = request_user(request)
    return legal_task_done(actor=user, task=access_legal_task_by_id(user, task_id))


@tracks_router.get("/{child_id}/information", response=ChildInformationOut)
def child_information_view(request: HttpRequest, child_id: uuid.UUID) -> dict[str, Any]:
    """What the child was told, and the decisions no record names yet, if you read the legal
    section of the file (else both empty)."""
    user = request_user(request)
    child = access_child_by_id(user, child_id)
    access = child_section_access_for(user, child)
    records = list(information_for_child(user=user, child=child, access=access))
    audit_consultation(actor=user, object_type="child_information", records=records)
    untold = decisions_untold(child=child, access=access) if Section.LEGAL in access.read else []
    return {"records": records, "untold": untold}


@information_router.post("", response={201: InformationOut})
def child_information_create(
    request: HttpRequest, payload: InformationIn
) -> Status[ChildInformation]:
    """Record what you told the child, in which language, and whether the child understood."""
    user = request_user(request)
    child = access_child_by_id(user, payload.child_id, action=AuditAction.CHILD_READ_FOR_UPDATE)
    return Status(201, child_information_record(actor=user, child=child, data=payload))
