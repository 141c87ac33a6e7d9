import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from kinhaven.accounts.auth import request_user
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_consultation
from kinhaven.care.models import Placement
from kinhaven.care.presenters import placement_out
from kinhaven.children.access import access_child_by_id
from kinhaven.deadlines.enums import DeadlineState
from kinhaven.deadlines.models import Deadline
from kinhaven.legal.access import access_proceeding_by_id
from kinhaven.legal.models import Proceeding
from kinhaven.legal.schemas import ProceedingIn, ProceedingOut, ProceedingPatch, TracksOut, WardOut
from kinhaven.legal.selectors import child_tracks, proceedings_for_child, wards_for_guardian
from kinhaven.legal.services import proceeding_add, proceeding_update

router = Router(tags=["proceedings"])
tracks_router = Router(tags=["children"])
guardian_router = Router(tags=["guardianship"])


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
            "deadlines": _deadlines(tracks.residence_deadlines),
            "referrals": tracks.legal_referrals,
        },
        "criminal_proceedings": tracks.criminal,
        "alternative_care": {
            "readable": tracks.care_readable,
            "current": (
                placement_out(tracks.current_placement) if tracks.current_placement else None
            ),
            "placements": [placement_out(p) for p in tracks.placements],
        },
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
