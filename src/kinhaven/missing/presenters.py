"""Missing episodes as the API shows them."""

from __future__ import annotations

from typing import Any

from kinhaven.missing.models import Episode
from kinhaven.missing.selectors import episode_deadlines, episode_follow_ups


def episode_out(episode: Episode) -> dict[str, Any]:
    follow_ups = episode_follow_ups(episode=episode)
    return {
        "id": episode.public_id,
        "status": episode.status,
        "reported_at": episode.reported_at,
        "last_seen_at": episode.last_seen_at,
        "last_seen_place": episode.last_seen_place,
        "description": episode.description,
        "companions": episode.companions,
        "circumstances": episode.circumstances,
        "risk_level": episode.risk_level,
        "criteria": episode.criteria,
        "has_photo": episode.has_photo,
        "photo_consent": episode.photo_consent,
        "police_informed_at": episode.police_informed_at,
        "police_reference": episode.police_reference,
        "hotline_reference": episode.hotline_reference,
        "sis_reference": episode.sis_reference,
        "national_reference": episode.national_reference,
        "found_at": episode.found_at,
        "found_place": episode.found_place,
        "found_by": episode.found_by,
        "found_state": episode.found_state,
        "closed_reason": episode.closed_reason,
        "interview_at": episode.interview_at,
        "rescreening_due": follow_ups.rescreening_due(episode),
        "rescreened_at": follow_ups.rescreened_at,
        "placement_review_due": follow_ups.placement_review_due(episode),
        "placement_reviewed_on": follow_ups.placement_reviewed_on,
        "sightings": [
            {
                "id": s.public_id,
                "seen_at": s.seen_at,
                "place": s.place,
                "seen_by": s.seen_by,
                "details": s.details,
            }
            for s in episode.sightings.all()
        ],
        "actions": [
            {"id": a.public_id, "taken_at": a.taken_at, "taken_by": a.taken_by, "action": a.action}
            for a in episode.actions.all()
        ],
        "deadlines": [
            {"code": d.code, "due_at": d.due_at, "completed_at": d.completed_at}
            for d in episode_deadlines(episode=episode)
        ],
    }
