"""The decisions of the legal tracks, of identification and of age assessment that the child is
to be told about (legal.information); registered from LegalConfig.ready()."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from kinhaven.accounts.enums import Section
from kinhaven.ages.models import AgeAssessment
from kinhaven.children.models import Child
from kinhaven.identification.models import IdentificationDecision
from kinhaven.legal.information import Decision, decision_source_register
from kinhaven.legal.models import ProceedingChange, ResidencePermit


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
