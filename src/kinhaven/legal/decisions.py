"""The decisions the child is to be told about (legal.information): of the legal tracks, of
identification and age assessment, of best interests, of alternative care and of durable
solutions (a plan adopted, a return or relocation decided); registered from
LegalConfig.ready(), since legal sits above the apps that take them."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from kinhaven.accounts.enums import Section
from kinhaven.ages.models import AgeAssessment
from kinhaven.bestinterests.enums import VersionStatus
from kinhaven.bestinterests.models import AssessmentVersion, BestInterestsDetermination
from kinhaven.care.models import Placement
from kinhaven.children.models import Child
from kinhaven.identification.models import IdentificationDecision
from kinhaven.legal.information import Decision, decision_source_register
from kinhaven.legal.models import ProceedingChange, ResidencePermit
from kinhaven.solutions.enums import PlanStatus
from kinhaven.solutions.models import Departure, Plan


def _permits(child: Child) -> Iterable[Decision]:
    for permit in ResidencePermit.objects.filter(child=child):
        yield Decision(
            "permit", str(permit.public_id), permit.get_basis_display(), permit.granted_on
        )


def _proceeding_changes(child: Child) -> Iterable[Decision]:
    """Each change of a proceeding's status (its first status included); a change of its next
    date or note alone is no decision."""
    changes = (
        ProceedingChange.objects.filter(proceeding__child=child)
        .select_related("proceeding")
        .order_by("proceeding_id", "changed_at", "id")
    )
    last: dict[int, str] = {}
    for change in changes:
        if last.get(change.proceeding_id) != change.status:
            label = f"{change.proceeding.get_track_display()}: {change.get_status_display()}"
            yield Decision("proceeding", str(change.pk), label, change.changed_at.date())
        last[change.proceeding_id] = change.status


def _identification(child: Child) -> Iterable[Decision]:
    for decision in IdentificationDecision.objects.filter(child=child):
        yield Decision(
            "identification",
            str(decision.public_id),
            decision.get_outcome_display(),
            decision.decided_on,
        )


def _ages(child: Child) -> Iterable[Decision]:
    for assessment in AgeAssessment.objects.filter(child=child, decided_on__isnull=False):
        if assessment.decided_on is not None:
            label = _("Age decision")
            yield Decision("age", str(assessment.public_id), label, assessment.decided_on)


def _placements(child: Child) -> Iterable[Decision]:
    """A placement's start, and its end: each a decision about where the child lives."""
    for placement in Placement.objects.filter(child=child):
        kind = placement.get_kind_display()
        yield Decision("placement", str(placement.public_id), kind, placement.started_on)
        if placement.ended_on is not None:
            label = _("End of a placement: %(kind)s") % {"kind": kind}
            yield Decision("placement_end", str(placement.public_id), label, placement.ended_on)


def _best_interests(child: Child) -> Iterable[Decision]:
    """Each approved assessment and each determination."""
    approved = AssessmentVersion.objects.filter(
        assessment__child=child, status=VersionStatus.APPROVED, decided_at__isnull=False
    )
    for version in approved:
        assert version.decided_at is not None  # noqa: S101  # filtered above
        label = _("Best-interests assessment approved")
        yield Decision("bia", str(version.public_id), label, version.decided_at.date())
    for bid in BestInterestsDetermination.objects.filter(child=child):
        label = _("Best-interests determination")
        yield Decision("bid", str(bid.public_id), label, bid.decided_on)


def _solutions(child: Child) -> Iterable[Decision]:
    """Each durable-solution plan adopted (whatever became of it since), and each return or
    relocation decided."""
    adopted = Plan.objects.filter(child=child, adopted_at__isnull=False).exclude(
        status=PlanStatus.DRAFT
    )
    for plan in adopted:
        assert plan.adopted_at is not None  # noqa: S101  # filtered above
        label = _("Durable solution: %(solution)s") % {"solution": plan.get_solution_display()}
        yield Decision("solution_plan", str(plan.public_id), label, plan.adopted_at.date())
    for departure in Departure.objects.filter(child=child):
        yield Decision(
            "departure",
            str(departure.public_id),
            departure.get_kind_display(),
            departure.decided_at.date(),
        )


def decision_sources_register() -> None:
    decision_source_register(
        "permit", label=_("Residence permit"), section=Section.LEGAL, decisions=_permits
    )
    decision_source_register(
        "proceeding",
        label=_("Proceeding status"),
        section=Section.LEGAL,
        decisions=_proceeding_changes,
    )
    decision_source_register(
        "identification",
        label=_("Identification decision"),
        section=Section.LEGAL,
        decisions=_identification,
    )
    # Age assessments are read with the identity section (ages.selectors.READ_SECTION).
    decision_source_register(
        "age", label=_("Age decision"), section=Section.IDENTITY, decisions=_ages
    )
    # Best interests and alternative care are read with the care section.
    decision_source_register(
        "placement", label=_("Placement"), section=Section.CARE, decisions=_placements
    )
    decision_source_register(
        "best_interests",
        label=_("Best interests"),
        section=Section.CARE,
        decisions=_best_interests,
    )
    # Durable solutions are read with the care section too (solutions.selectors.READ_SECTION).
    decision_source_register(
        "solutions",
        label=_("Durable solution"),
        section=Section.CARE,
        decisions=_solutions,
    )
