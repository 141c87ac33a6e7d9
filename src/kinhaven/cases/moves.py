"""Moving a whole case to another agency: the write behind an accepted transfer.

Cases owns the writes on a case; the app that decides a move (referrals, whose transfers the
receiving agency accepts) calls `case_move`. The case's history, notes, deadlines and everything
else on it stay with the case: they follow it because they hang on it. Apps above cases whose
records carry the holding agency themselves (a running deadline names the agency that is told
when it is late) register a hook with `on_case_moved`, run in the same transaction.

Access follows from the case's agency and the child's holding agency (cases.selectors,
children.selectors): once both are the receiving agency's, the sending agency's staff reach
neither, unless another relationship remains (the child's guardian, an active grant).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import Agency, User
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_record
from kinhaven.cases.enums import OPEN_STATUSES
from kinhaven.cases.models import Case
from kinhaven.children.services import child_holder_move
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.timeline.enums import CaseEventKind
from kinhaven.timeline.services import timeline_record

CASE_MOVED = "case_moved"
CASE_MOVED_LABEL = gettext_lazy("Case moved to another agency")


@dataclass(frozen=True)
class CaseMoved:
    case: Case
    actor: User
    from_agency: Agency
    to_agency: Agency


_hooks: list[Callable[[CaseMoved], None]] = []


def on_case_moved(hook: Callable[[CaseMoved], None]) -> None:
    """Run `hook` in the transaction of every move (called from an AppConfig.ready())."""
    if hook not in _hooks:
        _hooks.append(hook)


def _receiver_assignee(assignee: User | None, to_agency: Agency) -> User | None:
    if assignee is None:
        return None
    if (
        not assignee.is_active
        or assignee.agency_id != to_agency.pk
        or not assignee.has_capability(Capability.CASE_EDIT)
    ):
        raise ApplicationError(
            ErrorCode.INVALID,
            _("The case can go only to an active caseworker of the receiving agency."),
            field="assigned_to",
        )
    return assignee


def case_move_allowed(*, case: Case) -> None:
    """Refuse to move a case while its agency has another open case on the same child: the
    child's record goes with the case, and the other case would be left on a child its agency
    no longer sees."""
    others = Case.objects.filter(
        child_id=case.child_id, agency_id=case.agency_id, status__in=OPEN_STATUSES
    ).exclude(pk=case.pk)
    if others.exists():
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("The agency has another open case on this child: close it or move it first."),
            field="case_id",
        )


@transaction.atomic
def case_move(*, actor: User, case: Case, to_agency: Agency, assignee: User | None) -> Case:
    """Give an open case, and its child's record where the case's agency holds it, to another
    agency: to `assignee` of that agency, or unassigned (its supervisors see it)."""
    if not actor.has_capability(Capability.CASE_TRANSFER) or actor.agency_id not in (
        case.agency_id,
        to_agency.pk,
    ):
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED, _("Only the agencies of a transfer move the case.")
        )
    locked = Case.objects.select_for_update().select_related("agency", "child").get(pk=case.pk)
    if locked.status not in OPEN_STATUSES:
        raise ApplicationError(
            ErrorCode.CONFLICT, _("Only an open case can be moved."), field="case_id"
        )
    if locked.agency_id == to_agency.pk:
        raise ApplicationError(
            ErrorCode.INVALID, _("The case is already with this agency."), field="to_agency_id"
        )
    case_move_allowed(case=locked)
    new_assignee = _receiver_assignee(assignee, to_agency)
    source = locked.agency
    locked.agency = to_agency
    locked.assigned_to = new_assignee
    locked.team = new_assignee.team if new_assignee is not None else None
    locked.save(update_fields=["agency", "assigned_to", "team", "updated_at"])
    # The child's record goes with the case when the sending agency held it: otherwise the
    # receiving agency would hold a case on a child it cannot see.
    child_moved = child_holder_move(
        child_id=locked.child_id, from_agency=source, to_agency=to_agency, team=locked.team
    )
    timeline_data = {
        "from": source.name,
        "to": to_agency.name,
        "assigned_to": str(new_assignee.public_id) if new_assignee else None,
    }
    timeline_record(case=locked, kind=CASE_MOVED, actor=actor, data=timeline_data)
    if new_assignee is not None:
        timeline_record(
            case=locked,
            kind=CaseEventKind.ASSIGNED,
            actor=actor,
            data={"assigned_to": str(new_assignee.public_id)},
        )
    audit_record(
        actor=actor,
        action=AuditAction.CASE_MOVE,
        object_type="case",
        object_id=locked.public_id,
        detail={
            "from": str(source.public_id),
            "to": str(to_agency.public_id),
            "child_record_moved": child_moved,
        },
    )
    moved = CaseMoved(case=locked, actor=actor, from_agency=source, to_agency=to_agency)
    for hook in _hooks:
        hook(moved)
    return locked
