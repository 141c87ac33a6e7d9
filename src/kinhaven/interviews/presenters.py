"""An interview as the API gives it, with the child's earlier interviews on its matter."""

from __future__ import annotations

from typing import Any

from kinhaven.interviews.models import Interview
from kinhaven.interviews.selectors import same_matter


def earlier_on_matter(interview: Interview, interviews: list[Interview]) -> list[Interview]:
    """Among the child's interviews read, those on the same matter before this one."""
    return [
        i
        for i in interviews
        if same_matter(i, interview.matter, interview.proceeding_id)
        and i.pk != interview.pk
        and (i.planned_at, i.pk) < (interview.planned_at, interview.pk)
        and i.status != "cancelled"
    ]


def interview_out(interview: Interview, earlier: list[Interview]) -> dict[str, Any]:
    return {
        "id": interview.public_id,
        "status": interview.status,
        "matter": interview.matter,
        "proceeding_id": interview.proceeding.public_id if interview.proceeding else None,
        "purpose": interview.purpose,
        "planned_at": interview.planned_at,
        "room": interview.room,
        "interviewer_name": interview.interviewer_name,
        "interviewer_role": interview.interviewer_role,
        "interviewer_training": interview.interviewer_training,
        "interviewer_trained_on": interview.interviewer_trained_on,
        "team": interview.team,
        "language_support": interview.language_support or None,
        "special_measures": interview.special_measures,
        "repeat": interview.is_repeat,
        "justification": interview.justification,
        "approved_at": interview.approved_at,
        "held_at": interview.held_at,
        "present": interview.present,
        "recording_reference": interview.recording_reference,
        "notes": interview.notes,
        "cancelled_reason": interview.cancelled_reason,
        "earlier": [i.public_id for i in earlier],
    }
