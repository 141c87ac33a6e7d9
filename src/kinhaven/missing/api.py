"""Missing episodes over the API, under the child: /children/{child_id}/missing."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status, UploadedFile
from pydantic import BaseModel

from kinhaven.accounts.auth import request_user
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_consultation
from kinhaven.children.access import access_child_by_id
from kinhaven.core.errors import NotFound
from kinhaven.core.validation import input_validate
from kinhaven.missing.access import access_episode_by_id
from kinhaven.missing.photos import photo_read
from kinhaven.missing.presenters import episode_out
from kinhaven.missing.schemas import (
    AlertsIn,
    CloseIn,
    EpisodeActionIn,
    EpisodeOut,
    EpisodeReportIn,
    FoundIn,
    InterviewIn,
    PhotoIn,
    PoliceInformedIn,
    SightingIn,
)
from kinhaven.missing.selectors import episode_full, episodes_for_child
from kinhaven.missing.services import (
    episode_action_record,
    episode_alerts_record,
    episode_close,
    episode_found,
    episode_interview_record,
    episode_photo_set,
    episode_police_informed,
    episode_report,
    episode_sighting_record,
)

# Mounted under /children: an episode belongs to the child's record.
router = Router(tags=["missing children"])

_ONE = "/{child_id}/missing/{episode_id}"


@router.get("/{child_id}/missing", response=list[EpisodeOut])
def missing_episode_list(request: HttpRequest, child_id: uuid.UUID) -> list[dict[str, Any]]:
    """The child's missing episodes, newest first, if you read the location section (else none)."""
    user = request_user(request)
    child = access_child_by_id(user, child_id)
    episodes = list(episodes_for_child(user=user, child=child))
    audit_consultation(actor=user, object_type="missing_episode", records=episodes)
    return [episode_out(e) for e in episodes]


@router.post("/{child_id}/missing", response={201: EpisodeOut})
def missing_episode_report(
    request: HttpRequest, child_id: uuid.UUID, payload: EpisodeReportIn
) -> Status[dict[str, Any]]:
    """Report the child missing. `confirm: true` is required: without it, 422 and nothing is
    written or sent. One open episode per child: 409 while one stands."""
    user = request_user(request)
    child = access_child_by_id(user, child_id, action=AuditAction.CHILD_READ_FOR_UPDATE)
    episode = episode_report(actor=user, child=child, data=payload)
    return Status(201, episode_out(episode_full(episode=episode)))


@router.get(_ONE, response=EpisodeOut)
def missing_episode_detail(
    request: HttpRequest, child_id: uuid.UUID, episode_id: uuid.UUID
) -> dict[str, Any]:
    episode = access_episode_by_id(request_user(request), episode_id, child_id=child_id)
    return episode_out(episode_full(episode=episode))


def _write(
    request: HttpRequest,
    child_id: uuid.UUID,
    episode_id: uuid.UUID,
    service: Callable[..., object],
    payload: BaseModel,
) -> dict[str, Any]:
    user = request_user(request)
    episode = access_episode_by_id(
        user, episode_id, child_id=child_id, action=AuditAction.MISSING_EPISODE_READ_FOR_UPDATE
    )
    service(actor=user, episode=episode, data=payload)
    return episode_out(episode_full(episode=episode))


@router.post(f"{_ONE}/police", response=EpisodeOut)
def missing_episode_police(
    request: HttpRequest, child_id: uuid.UUID, episode_id: uuid.UUID, payload: PoliceInformedIn
) -> dict[str, Any]:
    """Record the police informed: when, the officer, their reference."""
    return _write(request, child_id, episode_id, episode_police_informed, payload)


@router.post(f"{_ONE}/alerts", response=EpisodeOut)
def missing_episode_alerts(
    request: HttpRequest, child_id: uuid.UUID, episode_id: uuid.UUID, payload: AlertsIn
) -> dict[str, Any]:
    """Record the national alert and the 116 000 / SIS references."""
    return _write(request, child_id, episode_id, episode_alerts_record, payload)


@router.post(f"{_ONE}/sightings", response={201: EpisodeOut})
def missing_episode_sighting(
    request: HttpRequest, child_id: uuid.UUID, episode_id: uuid.UUID, payload: SightingIn
) -> Status[dict[str, Any]]:
    return Status(201, _write(request, child_id, episode_id, episode_sighting_record, payload))


@router.post(f"{_ONE}/actions", response={201: EpisodeOut})
def missing_episode_action(
    request: HttpRequest, child_id: uuid.UUID, episode_id: uuid.UUID, payload: EpisodeActionIn
) -> Status[dict[str, Any]]:
    return Status(201, _write(request, child_id, episode_id, episode_action_record, payload))


@router.post(f"{_ONE}/found", response=EpisodeOut)
def missing_episode_found(
    request: HttpRequest, child_id: uuid.UUID, episode_id: uuid.UUID, payload: FoundIn
) -> dict[str, Any]:
    """Record the child found; starts the return interview's deadline (72 hours by default)."""
    return _write(request, child_id, episode_id, episode_found, payload)


@router.post(f"{_ONE}/close", response=EpisodeOut)
def missing_episode_close(
    request: HttpRequest, child_id: uuid.UUID, episode_id: uuid.UUID, payload: CloseIn
) -> dict[str, Any]:
    """Close the episode otherwise than found, with the reason."""
    return _write(request, child_id, episode_id, episode_close, payload)


@router.post(f"{_ONE}/interview", response=EpisodeOut)
def missing_episode_interview(
    request: HttpRequest, child_id: uuid.UUID, episode_id: uuid.UUID, payload: InterviewIn
) -> dict[str, Any]:
    """Record the return interview with the child's views."""
    return _write(request, child_id, episode_id, episode_interview_record, payload)


@router.post(f"{_ONE}/photo", response=EpisodeOut)
def missing_episode_photo_set(
    request: HttpRequest,
    child_id: uuid.UUID,
    episode_id: uuid.UUID,
    consent: Form[str],
    photo: File[UploadedFile],
) -> dict[str, Any]:
    """Keep a recent photo (multipart: `photo`, a JPEG or PNG of at most 5 MB, and `consent`:
    given, refused or not_asked). It replaces an earlier one; 422 naming `photo` otherwise."""
    user = request_user(request)
    episode = access_episode_by_id(
        user, episode_id, child_id=child_id, action=AuditAction.MISSING_EPISODE_READ_FOR_UPDATE
    )
    data = input_validate(PhotoIn, {"consent": consent})
    episode_photo_set(actor=user, episode=episode, data=data, upload=photo)
    return episode_out(episode_full(episode=episode))


@router.get(f"{_ONE}/photo", response={200: None})
def missing_episode_photo(
    request: HttpRequest, child_id: uuid.UUID, episode_id: uuid.UUID
) -> HttpResponse:
    """The episode's photo (image/jpeg or image/png), to those who read the episode; every
    reading audited; 404 when there is none."""
    episode = access_episode_by_id(
        request_user(request),
        episode_id,
        child_id=child_id,
        action=AuditAction.MISSING_EPISODE_PHOTO_READ,
    )
    if not episode.has_photo:
        raise NotFound(_("No photo."))
    response = HttpResponse(photo_read(episode.photo_name), content_type=episode.photo_type)
    response["Cache-Control"] = "private, no-store"
    return response
