from __future__ import annotations

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
        from kinhaven.timeline.enums import event_kind_register

        for kind, label in EVENT_KINDS.items():
            event_kind_register(kind, label)
        # Every case opens its BIA, with its deadline.
        on_case_opened(bia_open)
        # A supervisor (by default) approves a BIA version or sends it back.
        approvable_register(
            BIA_APPROVAL_KIND, Capability.BEST_INTERESTS_APPROVE, bia_approval_decided
        )
