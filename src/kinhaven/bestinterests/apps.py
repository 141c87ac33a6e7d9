from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The case events of best interests, on the timeline of the child's open cases.
EVENT_KINDS = {
    "bia_opened": _("Best-interests assessment opened"),
    "bia_version_recorded": _("Best-interests assessment: version recorded"),
    "bia_submitted": _("Best-interests assessment submitted for approval"),
    "bia_approved": _("Best-interests assessment approved"),
    "bia_sent_back": _("Best-interests assessment sent back"),
    "bid_recorded": _("Best-interests determination recorded"),
}


class BestInterestsConfig(AppConfig):
    name = "kinhaven.bestinterests"
    label = "bestinterests"
    verbose_name = _("Best interests")

    def ready(self) -> None:
        from kinhaven.accounts.enums import Capability
        from kinhaven.approvals.registry import approvable_register
        from kinhaven.bestinterests.enums import BIA_APPROVAL_KIND
        from kinhaven.bestinterests.services import bia_approval_decided, bia_open
        from kinhaven.cases.hooks import on_case_opened
        from kinhaven.children.views import CHILD_PAGE
        from kinhaven.core.pages import page_contribute
        from kinhaven.timeline.enums import event_kind_register

        for kind, label in EVENT_KINDS.items():
            event_kind_register(kind, label)
        # Every case opens its BIA, with its deadline.
        on_case_opened(bia_open)
        # A supervisor (by default) approves a BIA version or sends it back.
        approvable_register(
            BIA_APPROVAL_KIND,
            Capability.BEST_INTERESTS_APPROVE,
            bia_approval_decided,
            label=_("Approve a best-interests assessment"),
            url=_approval_url,
            authors=_version_authors,
        )
        # The child's page shows the assessments and determinations to those reading care.
        page_contribute(CHILD_PAGE, _child_page)


def _version_authors(request: Any) -> list[int]:
    """Who wrote the submitted version: the caseworker assesses, a supervisor approves (UNHCR
    Best Interests Procedure, 2021); one person does not do both."""
    from kinhaven.bestinterests.models import AssessmentVersion

    return list(
        AssessmentVersion.objects.filter(public_id=request.object_id).values_list(
            "recorded_by_id", flat=True
        )
    )


def _approval_url(request: Any) -> str:
    """The child's best-interests page, where the submitted version is approved."""
    from django.urls import reverse

    from kinhaven.bestinterests.models import AssessmentVersion

    child_id = (
        AssessmentVersion.objects.filter(public_id=request.object_id)
        .values_list("assessment__child__public_id", flat=True)
        .first()
    )
    return reverse("bestinterests:page", args=[child_id]) if child_id else ""


def _child_page(user: Any, page: Any) -> dict[str, object]:
    """The BIAs with their versions, and the BIDs with their panels and dissent, for those who
    read the care section of the child's file; each record listed is audited."""
    from kinhaven.audit.services import audit_consultation
    from kinhaven.bestinterests.enums import VersionStatus
    from kinhaven.bestinterests.selectors import (
        READ_SECTION,
        assessments_for_child,
        determination_is_current,
        determinations_for_child,
    )

    if READ_SECTION not in page.access.read:
        return {"bi_section": False}
    assessments = list(assessments_for_child(user=user, child=page.child, access=page.access))
    determinations = list(determinations_for_child(user=user, child=page.child, access=page.access))
    audit_consultation(actor=user, object_type="best_interests_assessment", records=assessments)
    audit_consultation(
        actor=user, object_type="best_interests_determination", records=determinations
    )
    latest = determinations[0] if determinations else None
    return {
        "bi_section": True,
        "bi_assessments": assessments,
        "bi_determinations": determinations,
        "bi_waiting": any(
            v.status == VersionStatus.SUBMITTED for a in assessments for v in a.versions.all()
        ),
        "bi_current": latest if latest is not None and determination_is_current(latest) else None,
    }
