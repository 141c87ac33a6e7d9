"""Placements and visits as the API shows them (the care API and the guardian's tracks view)."""

from __future__ import annotations

from typing import Any

from kinhaven.care.models import Placement, PlacementVisit


def placement_out(placement: Placement) -> dict[str, Any]:
    service = placement.service
    return {
        "id": placement.public_id,
        "kind": placement.kind,
        "service": (
            {"id": service.public_id, "name": service.name, "kind": service.kind}
            if service is not None
            else None
        ),
        "carer_name": placement.carer_name,
        "vetting": placement.vetting,
        "vetting_on": placement.vetting_on,
        "safety_plan": placement.safety_plan,
        "started_on": placement.started_on,
        "start_reason": placement.start_reason,
        "ended_on": placement.ended_on,
        "end_reason": placement.end_reason,
        "current": placement.ended_on is None,
        "visits": [visit_out(v) for v in placement.visits.all()],
    }


def visit_out(visit: PlacementVisit) -> dict[str, Any]:
    return {
        "id": visit.public_id,
        "visited_on": visit.visited_on,
        "visitor": visit.visitor,
        "visitor_name": visit.visitor_name,
        "child_views": visit.child_views,
        "concerns": visit.concerns,
    }
