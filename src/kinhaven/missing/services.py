"""Writes on missing episodes: the report (confirmed, graded, notified, with its deadlines in
hours), the police informed and the alerts raised, sightings and actions, the child found or the
episode closed otherwise, the return interview, and the photo.

Rules and their sources (docs/missing.md):
- The issue (Kinhaven issue 22) and the police protocols for missing children (UK College of
  Policing's Authorised Professional Practice on missing persons; the 116 000 hotlines' and
  Missing Children Europe's practice): a report graded by risk, the police informed at once for
  a high-risk child, a national alert and the 116 000 / SIS references recorded, a return
  interview after the child is found. The hours are policy defaults, set per country as data
  (deadlines.DeadlineRule); the risk criteria are data (RiskCriterion).
- One open episode per child, kept by the database; the case's missing flag follows the episode
  (cases.services.case_set_missing), so every page that reads it stays right.
- Those told (inbox and e-mail: a link, never data): the police contact, the child's guardian and
  the supervisors of the agency holding the case.
"""

from __future__ import annotations

from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import User
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_record
from kinhaven.care.models import Placement
from kinhaven.cases.enums import OPEN_STATUSES
from kinhaven.cases.models import Case
from kinhaven.cases.services import case_set_missing
from kinhaven.children.models import Child
from kinhaven.children.services import child_section_write_require
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode, FieldErrors
from kinhaven.core.languages import text_lazy
from kinhaven.deadlines.enums import DeadlineCode, DeadlineOutcome
from kinhaven.deadlines.services import deadline_start, deadlines_close
from kinhaven.missing.enums import EpisodeStatus, RiskLevel
from kinhaven.missing.models import Episode, EpisodeAction, RiskCriterion, Sighting
from kinhaven.missing.photos import MAX_PHOTO_BYTES, photo_delete, photo_kind, photo_save
from kinhaven.missing.risk import criteria_found, risk_grade
from kinhaven.missing.schemas import (
    AlertsIn,
    CloseIn,
    EpisodeActionIn,
    EpisodeReportIn,
    FoundIn,
    InterviewIn,
    PhotoIn,
    PoliceInformedIn,
    SightingIn,
)
from kinhaven.missing.selectors import READ_SECTION, case_supervisors, police_contacts
from kinhaven.notifications.enums import NotificationKind
from kinhaven.notifications.services import notify
from kinhaven.timeline.services import timeline_record

POLICE_DEADLINES = (
    DeadlineCode.MISSING_POLICE_INFORMED_URGENT,
    DeadlineCode.MISSING_POLICE_INFORMED,
)


def missing_write_require(actor: User, child: Child) -> None:
    """Refuse a write on the child's missing episodes unless the role edits cases and the actor
    writes the location section of this child's file."""
    child_section_write_require(actor, child, capability=Capability.CASE_EDIT, section=READ_SECTION)


def _record(
    actor: User, episode: Episode, action: AuditAction, kind: str | None, **detail: object
) -> None:
    data = {"episode": str(episode.public_id), **detail}
    audit_record(
        actor=actor,
        action=action,
        object_type="missing_episode",
        object_id=episode.public_id,
        detail=data,
    )
    if kind is not None:
        timeline_record(case=episode.case, kind=kind, actor=actor, data=data)


def episode_path(episode: Episode) -> str:
    return reverse("missing:detail", args=[episode.child.public_id, episode.public_id])


def _criteria_check(codes: list[str]) -> set[str]:
    ticked = set(codes)
    known = set(
        RiskCriterion.objects.filter(active=True, code__in=ticked).values_list("code", flat=True)
    )
    if ticked - known:
        raise FieldErrors({"criteria": _("Choose risk criteria from the list.")})
    return ticked


def _open_case(child: Child) -> Case:
    case = child.cases.filter(status__in=OPEN_STATUSES).order_by("-created_at", "-id").first()
    if case is None:
        raise ApplicationError(
            ErrorCode.CONFLICT, _("The child has no open case to report under."), field="case"
        )
    return case


@transaction.atomic
def episode_report(*, actor: User, child: Child, data: EpisodeReportIn) -> Episode:
    """Report the child missing, once confirmed: grade the risk, flag the case, start the
    deadlines in hours and tell the police contact, the guardian and the supervisors, all in one
    transaction (the e-mails go once it commits)."""
    missing_write_require(actor, child)
    if not data.confirm:  # the input model refuses it already; a service never fires unasked
        raise FieldErrors(
            {"confirm": _("Confirm the report: nothing is sent or recorded until you do.")}
        )
    case = _open_case(child)
    ticked = _criteria_check(data.criteria)
    level, applied = risk_grade(ticked | criteria_found(child))
    now = time.now()
    placement = Placement.objects.filter(child=child, ended_on__isnull=True).first()
    try:
        with transaction.atomic():
            episode = Episode.objects.create(
                child=child,
                case=case,
                placement=placement,
                reported_at=now,
                reported_by=actor,
                last_seen_at=data.last_seen_at,
                last_seen_place=data.last_seen_place,
                description=data.description,
                companions=data.companions,
                circumstances=data.circumstances,
                risk_level=level,
                criteria=applied,
            )
    except IntegrityError:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("The child is reported missing already: record on the open episode."),
            field="episode",
        ) from None
    case_set_missing(actor=actor, case=case, missing=True)
    police = (
        DeadlineCode.MISSING_POLICE_INFORMED_URGENT
        if level == RiskLevel.HIGH
        else DeadlineCode.MISSING_POLICE_INFORMED
    )
    for code in (police, DeadlineCode.MISSING_NATIONAL_ALERT):
        deadline_start(code=code, agency=case.agency, team=case.team, case=case, starts_at=now)
    recipients = [*police_contacts(child=child), *case_supervisors(case=case)]
    if child.guardian is not None:
        recipients.append(child.guardian)
    notify(
        recipients=recipients,
        kind=NotificationKind.MISSING,
        title=text_lazy(
            gettext_lazy("A child was reported missing (%(risk)s). Open the episode."),
            risk=RiskLevel(level).label,
        ),
        path=episode_path(episode),
    )
    _record(
        actor,
        episode,
        AuditAction.MISSING_EPISODE_REPORT,
        "missing_episode_reported",
        risk=level,
        criteria=applied,
        told=len({u.pk for u in recipients}),
    )
    return episode


def _locked(episode: Episode) -> Episode:
    return (
        Episode.objects.select_for_update(of=("self",))
        .select_related("child", "case", "placement")
        .get(pk=episode.pk)
    )


def _open_require(episode: Episode) -> None:
    if episode.status != EpisodeStatus.OPEN:
        raise ApplicationError(
            ErrorCode.TRANSITION_NOT_ALLOWED,
            _("This episode has ended: the child is no longer reported missing."),
            field="episode",
        )


@transaction.atomic
def episode_police_informed(*, actor: User, episode: Episode, data: PoliceInformedIn) -> Episode:
    """Record the police informed (when, the officer, their reference); meets that deadline."""
    missing_write_require(actor, episode.child)
    locked = _locked(episode)
    if data.informed_at < locked.last_seen_at:
        raise FieldErrors(
            {"informed_at": _("The police were informed after the child was last seen.")}
        )
    locked.police_informed_at = data.informed_at
    locked.police_officer, locked.police_reference = data.officer, data.reference
    locked.save(
        update_fields=["police_informed_at", "police_officer", "police_reference", "updated_at"]
    )
    for code in POLICE_DEADLINES:
        deadlines_close(code=code, actor=actor, case=locked.case)
    _record(actor, locked, AuditAction.MISSING_EPISODE_POLICE, "missing_police_informed")
    return locked


@transaction.atomic
def episode_alerts_record(*, actor: User, episode: Episode, data: AlertsIn) -> Episode:
    """Record the alerts raised: the national alert, the 116 000 case, the SIS alert."""
    missing_write_require(actor, episode.child)
    locked = _locked(episode)
    locked.national_reference = data.national_reference
    locked.hotline_reference, locked.sis_reference = data.hotline_reference, data.sis_reference
    locked.alerts_recorded_at = time.now()
    locked.save(
        update_fields=[
            "national_reference",
            "hotline_reference",
            "sis_reference",
            "alerts_recorded_at",
            "updated_at",
        ]
    )
    deadlines_close(code=DeadlineCode.MISSING_NATIONAL_ALERT, actor=actor, case=locked.case)
    _record(
        actor,
        locked,
        AuditAction.MISSING_EPISODE_ALERTS,
        "missing_alerts_recorded",
        hotline=bool(data.hotline_reference),
        sis=bool(data.sis_reference),
    )
    return locked


@transaction.atomic
def episode_sighting_record(*, actor: User, episode: Episode, data: SightingIn) -> Sighting:
    """Log a sighting of the child (also after the end: the record stays complete)."""
    missing_write_require(actor, episode.child)
    locked = _locked(episode)
    sighting = Sighting.objects.create(
        episode=locked,
        seen_at=data.seen_at,
        place=data.place,
        seen_by=data.seen_by,
        details=data.details,
        recorded_by=actor,
    )
    _record(
        actor, locked, AuditAction.MISSING_EPISODE_SIGHTING, "missing_sighting",
        sighting=str(sighting.public_id),
    )  # fmt: skip
    return sighting


@transaction.atomic
def episode_action_record(*, actor: User, episode: Episode, data: EpisodeActionIn) -> EpisodeAction:
    """Log an action taken to find the child."""
    missing_write_require(actor, episode.child)
    locked = _locked(episode)
    action = EpisodeAction.objects.create(
        episode=locked,
        taken_at=data.taken_at,
        taken_by=data.taken_by,
        action=data.action,
        recorded_by=actor,
    )
    _record(
        actor, locked, AuditAction.MISSING_EPISODE_ACTION, "missing_action",
        entry=str(action.public_id),
    )  # fmt: skip
    return action


def _end(actor: User, episode: Episode) -> None:
    """What every end does: the case's flag cleared, the police and alert deadlines no longer
    needed."""
    case = episode.case
    case.refresh_from_db()
    if case.is_missing and case.status in OPEN_STATUSES:
        case_set_missing(actor=actor, case=case, missing=False)
    for code in (*POLICE_DEADLINES, DeadlineCode.MISSING_NATIONAL_ALERT):
        deadlines_close(code=code, actor=actor, case=case, outcome=DeadlineOutcome.CANCELLED)


@transaction.atomic
def episode_found(*, actor: User, episode: Episode, data: FoundIn) -> Episode:
    """Record the child found: where, by whom, the state they were in. Starts the return
    interview's deadline and flags the indicator re-screening and, where the child has a current
    placement, its review."""
    missing_write_require(actor, episode.child)
    locked = _locked(episode)
    _open_require(locked)
    if data.found_at < locked.last_seen_at:
        raise FieldErrors({"found_at": _("The child was found after being last seen.")})
    locked.status = EpisodeStatus.FOUND
    locked.found_at, locked.found_place, locked.found_by = (
        data.found_at,
        data.found_place,
        data.found_by,
    )
    locked.found_state, locked.found_notes = data.state, data.state_notes
    locked.ended_at, locked.ended_by = time.now(), actor
    locked.rescreening_due = True
    locked.placement_review_due = Placement.objects.filter(
        child=locked.child, ended_on__isnull=True
    ).exists()
    locked.save()
    _end(actor, locked)
    deadline_start(
        code=DeadlineCode.MISSING_RETURN_INTERVIEW,
        agency=locked.case.agency,
        team=locked.case.team,
        case=locked.case,
        starts_at=data.found_at,
    )
    _record(actor, locked, AuditAction.MISSING_EPISODE_FOUND, "missing_found", state=data.state)
    return locked


@transaction.atomic
def episode_close(*, actor: User, episode: Episode, data: CloseIn) -> Episode:
    """Close the episode otherwise than found, with the reason."""
    missing_write_require(actor, episode.child)
    locked = _locked(episode)
    _open_require(locked)
    locked.status = EpisodeStatus.CLOSED
    locked.closed_reason, locked.closed_notes = data.reason, data.notes
    locked.ended_at, locked.ended_by = time.now(), actor
    locked.save()
    _end(actor, locked)
    _record(actor, locked, AuditAction.MISSING_EPISODE_CLOSE, "missing_closed", reason=data.reason)
    return locked


@transaction.atomic
def episode_interview_record(*, actor: User, episode: Episode, data: InterviewIn) -> Episode:
    """Record the return interview with the child's views; meets its deadline."""
    missing_write_require(actor, episode.child)
    locked = _locked(episode)
    if locked.status != EpisodeStatus.FOUND or locked.found_at is None:
        raise ApplicationError(
            ErrorCode.TRANSITION_NOT_ALLOWED,
            _("A return interview follows the child found."),
            field="episode",
        )
    if locked.interview_at is not None:
        raise ApplicationError(
            ErrorCode.CONFLICT, _("The return interview is recorded already."), field="episode"
        )
    if data.held_at < locked.found_at:
        raise FieldErrors({"held_at": _("The interview is held after the child was found.")})
    locked.interview_at, locked.interviewer = data.held_at, data.interviewer
    locked.interview_notes, locked.interview_child_views = data.notes, data.child_views
    locked.save(
        update_fields=[
            "interview_at",
            "interviewer",
            "interview_notes",
            "interview_child_views",
            "updated_at",
        ]
    )
    deadlines_close(code=DeadlineCode.MISSING_RETURN_INTERVIEW, actor=actor, case=locked.case)
    _record(actor, locked, AuditAction.MISSING_EPISODE_INTERVIEW, "missing_return_interview")
    return locked


@transaction.atomic
def episode_photo_set(
    *,
    actor: User,
    episode: Episode,
    data: PhotoIn,
    upload: File,  # type: ignore[type-arg]  # any uploaded file
) -> Episode:
    """Keep a recent photo of the child with the consent recorded; a JPEG or PNG image only."""
    missing_write_require(actor, episode.child)
    locked = _locked(episode)
    if upload.size is None or upload.size > MAX_PHOTO_BYTES:
        raise FieldErrors({"photo": _("Give a photo of at most 5 MB.")})
    upload.seek(0)
    kind = photo_kind(upload.read(16))
    if kind is None:
        raise FieldErrors({"photo": _("Give a photo as a JPEG or PNG image.")})
    replaced = locked.photo_name
    stored = photo_save(upload)
    try:
        locked.photo_name, locked.photo_type = stored, kind
        locked.photo_consent = data.consent
        locked.save(update_fields=["photo_name", "photo_type", "photo_consent", "updated_at"])
        _record(actor, locked, AuditAction.MISSING_EPISODE_PHOTO, None, consent=data.consent)
    except BaseException:
        # Nothing written: the file goes too, no photo is left without its record.
        photo_delete(stored)
        raise
    if replaced:
        # The earlier photo is not kept once the new one is committed.
        transaction.on_commit(lambda: photo_delete(replaced))
    return locked
