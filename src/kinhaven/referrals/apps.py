from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The case events of a transfer; the move itself is cases.moves's event.
EVENT_KINDS = {
    "transfer_sent": _("Transfer to another agency offered"),
    "transfer_answered": _("Transfer accepted, refused or withdrawn"),
}


class ReferralsConfig(AppConfig):
    name = "kinhaven.referrals"
    label = "referrals"

    def ready(self) -> None:
        from kinhaven.cases.views import CASE_PAGE
        from kinhaven.core.pages import page_contribute
        from kinhaven.core.worklist import worklist_register
        from kinhaven.deadlines.selectors import deadline_subject_register
        from kinhaven.referrals.selectors import referral_visibility_q
        from kinhaven.timeline.enums import event_kind_register

        # A referral's answer deadline is seen by whoever sees the referral.
        deadline_subject_register("referral", referral_visibility_q)
        for kind, label in EVENT_KINDS.items():
            event_kind_register(kind, label)
        page_contribute(CASE_PAGE, _case_page)
        worklist_register("transfer", _transfers_to_answer)
        worklist_register("referral", _referrals_to_answer)


def _case_page(user: Any, case: Any) -> dict[str, object]:
    """The case page offers its transfer to who may send it, or links to the one waiting."""
    from kinhaven.accounts.enums import Capability
    from kinhaven.cases.enums import OPEN_STATUSES
    from kinhaven.referrals.enums import TransferStatus
    from kinhaven.referrals.models import Transfer

    if not user.has_capability(Capability.CASE_TRANSFER) or case.agency_id != user.agency_id:
        return {}
    pending = Transfer.objects.filter(case=case, status=TransferStatus.PENDING).first()
    can_send = case.status in OPEN_STATUSES
    if pending is None and not can_send:
        return {}
    return {"case_transfer": {"pending": pending, "can_send": can_send}}


def _transfers_to_answer(user: Any) -> list[Any]:
    from django.urls import reverse

    from kinhaven.core import time
    from kinhaven.core.worklist import WorkItem
    from kinhaven.referrals.selectors import cases_visible_ids, transfers_awaiting_answer

    transfers = list(transfers_awaiting_answer(user=user)[:100])
    seen = cases_visible_ids(user=user, case_ids=[t.case_id for t in transfers])
    now = time.now()
    return [
        WorkItem(
            kind="transfer",
            kind_label=_("Transfer"),
            title=_("Accept or refuse a case offered by %(agency)s")
            % {"agency": t.from_agency.name},
            url=reverse("referrals:transfer_detail", args=[t.public_id]),
            due=t.response_due_at,
            overdue=t.response_due_at < now,
            case_reference=(t.case.reference or "") if t.case_id in seen else "",
        )
        for t in transfers
    ]


def _referrals_to_answer(user: Any) -> list[Any]:
    from django.urls import reverse

    from kinhaven.core import time
    from kinhaven.core.worklist import WorkItem
    from kinhaven.referrals.selectors import cases_visible_ids, referrals_awaiting_answer

    referrals = list(referrals_awaiting_answer(user=user)[:100])
    seen = cases_visible_ids(user=user, case_ids=[r.case_id for r in referrals])
    now = time.now()
    return [
        WorkItem(
            kind="referral",
            kind_label=_("Referral"),
            title=_("Answer a referral for %(service)s from %(agency)s")
            % {"service": r.get_service_kind_display(), "agency": r.from_agency.name},
            url=reverse("referrals:detail", args=[r.public_id]),
            due=r.response_due_at,
            overdue=r.response_due_at < now,
            case_reference=(r.case.reference or "") if r.case_id in seen else "",
        )
        for r in referrals
    ]
