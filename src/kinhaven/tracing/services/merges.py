"""Writes on merges: two records of one child made one, and the merge undone."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import transaction
from django.utils.translation import gettext as _

from kinhaven.accounts.enums import Capability, Section
from kinhaven.accounts.models import User
from kinhaven.accounts.services import capability_require
from kinhaven.ages.models import AgeAssessment
from kinhaven.ages.selectors import age_assessment_open_q
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_record
from kinhaven.care.models import Placement
from kinhaven.cases.services import case_events_record_for_child
from kinhaven.children.models import Child, ChildAlias
from kinhaven.children.names import to_latin
from kinhaven.children.selectors import child_own_agency_q, child_section_access_for
from kinhaven.children.services import child_search_keys
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode, FieldErrors
from kinhaven.guardianship.models import GuardianAppointment
from kinhaven.solutions.enums import LIVE_STATUSES
from kinhaven.solutions.models import Plan
from kinhaven.tracing.enums import CandidateStatus
from kinhaven.tracing.merge_checks import child_merge_checks
from kinhaven.tracing.models import ChildMerge, DuplicateCandidate


def _child_relations() -> list[tuple[Any, str]]:
    """Every model that points at a child, by the field that does, except the tracing app's own
    records of pairs and merges (they describe the records, not the child)."""
    out = []
    for rel in Child._meta.related_objects:
        model = rel.related_model
        if not isinstance(model, type) or model is Child or model._meta.app_label == "tracing":
            continue
        if rel.one_to_many or rel.one_to_one:
            out.append((model, rel.field.name))
    return out


def _require_merge_rights(actor: User, *children: Child) -> None:
    """Merging moves cases between records: only for records the actor's agency holds and whose
    identity the actor may change; never for records seen by referral, guardianship or break-
    glass."""
    capability_require(actor, Capability.CHILD_MERGE)
    own = set(
        Child.objects.filter(
            child_own_agency_q(actor), pk__in=[c.pk for c in children]
        ).values_list("pk", flat=True)
    )
    for child in children:
        if (
            child.pk not in own
            or Section.IDENTITY not in child_section_access_for(actor, child).write
        ):
            raise ApplicationError(
                ErrorCode.PERMISSION_DENIED,
                _("You may merge only your agency's records whose identity you may change."),
            )


@transaction.atomic
def child_merge(
    *, actor: User, kept: Child, merged: Child, reason: str,
    candidate: DuplicateCandidate | None = None,
) -> ChildMerge:  # fmt: skip
    """Make two records of one child one: the cases, referrals, proceedings, reports, documents,
    guardianship and accesses of `merged` move to `kept`, its names become aliases of `kept`,
    and `merged` stays, marked, for the merge to be undone. Audit entries stay as written."""
    _require_merge_rights(actor, kept, merged)
    locked = {
        c.pk: c for c in Child.objects.select_for_update().filter(pk__in=[kept.pk, merged.pk])
    }
    kept, merged = locked[kept.pk], locked[merged.pk]
    if kept.pk == merged.pk:
        raise FieldErrors({"merged": _("A record cannot be merged into itself.")})
    if kept.merged_into_id is not None or merged.merged_into_id is not None:
        raise ApplicationError(
            ErrorCode.CONFLICT, _("One of these records is already merged."), field="merged"
        )
    if not reason.strip():
        raise FieldErrors({"reason": _("Say why these records are the same child.")})
    active = GuardianAppointment.objects.filter(ended_at__isnull=True)
    if active.filter(child=kept).exists() and active.filter(child=merged).exists():
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("Each record has its own guardian: end one appointment before merging."),
            field="guardian",
        )
    open_assessments = AgeAssessment.objects.filter(age_assessment_open_q())
    if all(open_assessments.filter(child=c).exists() for c in (kept, merged)):
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("Each record has an age assessment under way: withdraw one before merging."),
            field="age_assessment",
        )
    current = Placement.objects.filter(ended_on__isnull=True)
    if all(current.filter(child=c).exists() for c in (kept, merged)):
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("Each record has a current placement: end one before merging."),
            field="placement",
        )
    live_plans = Plan.objects.filter(status__in=LIVE_STATUSES)
    if all(live_plans.filter(child=c).exists() for c in (kept, merged)):
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("Each record has a durable-solution plan in the works: close one before merging."),
            field="plan",
        )
    child_merge_checks(kept, merged)
    moved: dict[str, list[int]] = {}
    for model, field in _child_relations():
        ids = list(model.objects.filter(**{field: merged}).values_list("pk", flat=True))
        if ids:
            model.objects.filter(pk__in=ids).update(**{field: kept})
            moved[model._meta.label] = ids
    known = {a.name for a in kept.aliases.all()} | {kept.given_name, kept.family_name}
    names = [
        " ".join(p for p in (merged.given_name, merged.family_name) if p),
        " ".join(p for p in (merged.given_name_latin, merged.family_name_latin) if p),
    ]
    added = [
        ChildAlias.objects.create(child=kept, name=n[:200], name_latin=to_latin(n[:200]))
        for n in dict.fromkeys(names)
        if n and n not in known
    ]
    merge = ChildMerge.objects.create(
        kept=kept,
        merged=merged,
        candidate=candidate,
        reason=reason,
        merged_by=actor,
        moved=moved,
        added_aliases=[a.pk for a in added],
        kept_guardian_before=kept.guardian_id,
    )
    if merged.guardian_id and not kept.guardian_id:
        kept.guardian_id = merged.guardian_id
    merged.merged_into = kept
    merged.save()
    _refresh_keys(kept)
    # Other open pairs of the merged record are not listed while it stays merged (selectors).
    if candidate is not None:
        DuplicateCandidate.objects.filter(pk=candidate.pk).update(
            status=CandidateStatus.MERGED, decided_by=actor, decided_at=time.now()
        )
    audit_record(
        actor=actor,
        action=AuditAction.CHILD_MERGE,
        object_type="child",
        object_ids=[kept.public_id, merged.public_id],
        detail={"merge": str(merge.public_id), "moved": {k: len(v) for k, v in moved.items()}},
    )
    case_events_record_for_child(
        child=kept, actor=actor, kind="records_merged", data={"merge": str(merge.public_id)}
    )
    return merge


def _refresh_keys(child: Child) -> None:
    child.search_keys = child_search_keys(child, list(child.aliases.values_list("name", flat=True)))
    child.save()


@transaction.atomic
def child_merge_undo(*, actor: User, merge: ChildMerge, reason: str) -> ChildMerge:
    """Undo a merge: what moved goes back to the merged record, the aliases it brought are
    removed and both records stand alone again. What was added to the kept record since stays."""
    merge = ChildMerge.objects.select_for_update().get(pk=merge.pk)
    kept = Child.objects.select_for_update().get(pk=merge.kept_id)
    merged = Child.objects.select_for_update().get(pk=merge.merged_id)
    _require_merge_rights(actor, kept)
    if merge.undone_at is not None:
        raise ApplicationError(
            ErrorCode.TRANSITION_NOT_ALLOWED, _("This merge is already undone."), field="merge"
        )
    if not reason.strip():
        raise FieldErrors({"reason": _("Say why the merge is undone.")})
    for label, ids in merge.moved.items():
        model = apps.get_model(label)
        field = next(f for m, f in _child_relations() if m is model)
        model.objects.filter(pk__in=ids, **{field: kept}).update(**{field: merged})
    ChildAlias.objects.filter(pk__in=merge.added_aliases, child=kept).delete()
    if merged.guardian_id and kept.guardian_id == merged.guardian_id:
        kept.guardian_id = merge.kept_guardian_before
    merged.merged_into = None
    merged.save()
    _refresh_keys(kept)
    merge.undone_at, merge.undone_by, merge.undo_reason = time.now(), actor, reason
    merge.save()
    if merge.candidate_id:
        DuplicateCandidate.objects.filter(pk=merge.candidate_id).update(
            status=CandidateStatus.OPEN, decided_by=None, decided_at=None
        )
    audit_record(
        actor=actor,
        action=AuditAction.CHILD_MERGE_UNDO,
        object_type="child",
        object_ids=[kept.public_id, merged.public_id],
        detail={"merge": str(merge.public_id)},
    )
    for child in (kept, merged):
        case_events_record_for_child(
            child=child, actor=actor, kind="merge_undone", data={"merge": str(merge.public_id)}
        )
    return merge
