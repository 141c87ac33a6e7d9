import uuid
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from kinhaven.accounts.auth import request_user
from kinhaven.accounts.models import Agency, User
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_consultation
from kinhaven.cases.access import access_case_by_id
from kinhaven.cases.services import case_assignee_by_id
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.core.pagination import page_payload, paginate
from kinhaven.core.schemas import PageOut
from kinhaven.referrals.access import access_referral_by_id, access_transfer_by_id
from kinhaven.referrals.models import Referral, Service, Transfer
from kinhaven.referrals.schemas import (
    ReferralFilters,
    ReferralIn,
    ReferralOut,
    ReferralTransitionIn,
    ServiceFilters,
    ServiceIn,
    ServiceOut,
    ServiceUpdateIn,
    TransferAcceptIn,
    TransferFilters,
    TransferIn,
    TransferOut,
    TransferRefuseIn,
    TransferWithdrawIn,
)
from kinhaven.referrals.selectors import (
    cases_visible_ids,
    referral_list_for_user,
    service_of_agency,
    service_search,
    services_with_places,
    transfer_list_for_user,
)
from kinhaven.referrals.services import (
    referral_create,
    referral_transition,
    service_create,
    service_update,
    transfer_accept,
    transfer_create,
    transfer_refuse,
    transfer_sender_require,
    transfer_withdraw,
)
from kinhaven.referrals.summary import decision_facts

services_router = Router(tags=["services"])
router = Router(tags=["referrals"])


@services_router.get("", response=PageOut[ServiceOut])
def service_list(request: HttpRequest, filters: Query[ServiceFilters]) -> dict[str, object]:
    """The directory of services: who offers what, where, for whom, in which languages, and how
    many places are free (`with_places=true` keeps those with room or no set capacity)."""
    request_user(request)
    qs = service_search(filters=filters.model_dump())
    return page_payload(paginate(qs, page=filters.page, page_size=filters.page_size))


@services_router.post("", response={201: ServiceOut})
def service_add(request: HttpRequest, payload: ServiceIn) -> Status[Service]:
    service = service_create(actor=request_user(request), data=payload)
    return Status(201, services_with_places().get(pk=service.pk))


@services_router.put("/{service_id}", response=ServiceOut)
def service_change(
    request: HttpRequest, service_id: uuid.UUID, payload: ServiceUpdateIn
) -> Service:
    """Replace a service of your agency: details, places, and whether it is listed."""
    user = request_user(request)
    service = service_of_agency(user=user, service_id=service_id)
    service_update(actor=user, service=service, data=payload)
    return services_with_places().get(pk=service.pk)


@router.get("", response=PageOut[ReferralOut])
def referral_list(request: HttpRequest, filters: Query[ReferralFilters]) -> dict[str, object]:
    user = request_user(request)
    qs = referral_list_for_user(user=user, direction=filters.direction).select_related("child")
    payload = page_payload(paginate(qs, page=filters.page, page_size=filters.page_size))
    audit_consultation(actor=user, object_type="referral", records=payload["items"])
    return payload


@router.post("", response={201: ReferralOut})
def referral_add(request: HttpRequest, payload: ReferralIn) -> Status[Referral]:
    """Refer a case's child to another agency's service, sharing the chosen sections."""
    user = request_user(request)
    case = access_case_by_id(user, payload.case_id, action=AuditAction.CASE_READ_FOR_UPDATE)
    service = None
    if payload.service_id is not None:
        service = Service.objects.filter(public_id=payload.service_id, active=True).first()
        if service is None:
            raise ApplicationError(ErrorCode.INVALID, _("Unknown service."), field="service_id")
    agency = None
    if payload.to_agency_id is not None:
        agency = Agency.objects.filter(public_id=payload.to_agency_id).first()
        if agency is None:
            raise ApplicationError(ErrorCode.INVALID, _("Unknown agency."), field="to_agency_id")
    referral = referral_create(
        actor=user,
        case=case,
        reason=payload.reason,
        reason_code=payload.reason_code,
        urgency=payload.urgency,
        sections=list(payload.sections),
        consent=payload.consent,
        consent_note=payload.consent_note,
        service=service,
        to_agency=agency,
        service_kind=payload.service_kind,
    )
    return Status(201, access_referral_by_id(user, referral.public_id))


@router.get("/{referral_id}", response=ReferralOut)
def referral_detail(request: HttpRequest, referral_id: uuid.UUID) -> Referral:
    return access_referral_by_id(request_user(request), referral_id)


@router.post("/{referral_id}/transitions", response=ReferralOut)
def referral_transition_create(
    request: HttpRequest, referral_id: uuid.UUID, payload: ReferralTransitionIn
) -> Referral:
    """Accept, decline, start, complete or revoke a referral."""
    user = request_user(request)
    referral = access_referral_by_id(user, referral_id, action=AuditAction.REFERRAL_READ_FOR_UPDATE)
    referral_transition(actor=user, referral=referral, to=payload.to, reason=payload.reason)
    return access_referral_by_id(user, referral_id)


transfers_router = Router(tags=["transfers"])


def _transfer_out(user: User, transfers: list[Transfer]) -> list[dict[str, Any]]:
    """What the reader may read of each transfer (referrals.schemas.TransferOut)."""
    seen = cases_visible_ids(user=user, case_ids=[t.case_id for t in transfers])
    out = []
    for t in transfers:
        facts = decision_facts(t.case.child)
        out.append(
            {
                "id": t.public_id,
                "case_reference": t.case.reference if t.case_id in seen else None,
                "from_agency": t.from_agency.name,
                "to_agency": t.to_agency.name,
                "age_band": facts["age_band"],
                "sex": facts["sex_code"],
                "needs": t.needs,
                "urgency": t.urgency,
                "reasons": t.reasons,
                "consent": t.consent,
                "consent_note": t.consent_note,
                "note": t.note,
                "status": t.status,
                "answer_reasons": t.answer_reasons,
                "created_at": t.created_at,
                "response_due_at": t.response_due_at,
                "answered_at": t.answered_at,
            }
        )
    return out


@transfers_router.get("", response=PageOut[TransferOut])
def transfer_list(request: HttpRequest, filters: Query[TransferFilters]) -> dict[str, object]:
    """Transfers of cases to your agency (`direction=incoming`, the default) or from it
    (`outgoing`), optionally by `status`; only the holders of the transfer capability see any."""
    user = request_user(request)
    qs = transfer_list_for_user(user=user, direction=filters.direction, status=filters.status)
    payload = page_payload(paginate(qs, page=filters.page, page_size=filters.page_size))
    audit_consultation(actor=user, object_type="transfer", records=payload["items"])
    payload["items"] = _transfer_out(user, list(payload["items"]))
    return payload


@transfers_router.post("", response={201: TransferOut})
def transfer_add(request: HttpRequest, payload: TransferIn) -> Status[dict[str, Any]]:
    """Offer a whole case to another agency, with the reasons, the needs, the urgency and who
    consented; one transfer waits for an answer per case (409 otherwise)."""
    user = request_user(request)
    case = access_case_by_id(user, payload.case_id, action=AuditAction.CASE_READ_FOR_UPDATE)
    transfer_sender_require(actor=user, case=case)
    agency = Agency.objects.filter(public_id=payload.to_agency_id).first()
    if agency is None:
        raise ApplicationError(ErrorCode.INVALID, _("Unknown agency."), field="to_agency_id")
    transfer = transfer_create(
        actor=user,
        case=case,
        to_agency=agency,
        reasons=payload.reasons,
        needs=list(payload.needs),
        urgency=payload.urgency,
        consent=payload.consent,
        consent_note=payload.consent_note,
        note=payload.note,
    )
    return Status(201, _transfer_out(user, [access_transfer_by_id(user, transfer.public_id)])[0])


@transfers_router.get("/{transfer_id}", response=TransferOut)
def transfer_detail(request: HttpRequest, transfer_id: uuid.UUID) -> dict[str, Any]:
    user = request_user(request)
    return _transfer_out(user, [access_transfer_by_id(user, transfer_id)])[0]


def _for_update(request: HttpRequest, transfer_id: uuid.UUID) -> tuple[User, Transfer]:
    user = request_user(request)
    transfer = access_transfer_by_id(user, transfer_id, action=AuditAction.TRANSFER_READ_FOR_UPDATE)
    return user, transfer


@transfers_router.post("/{transfer_id}/accept", response=TransferOut)
def transfer_accept_create(
    request: HttpRequest, transfer_id: uuid.UUID, payload: TransferAcceptIn
) -> dict[str, Any]:
    """Take the case over, to `assigned_to` (a caseworker of your agency) or unassigned."""
    user, transfer = _for_update(request, transfer_id)
    assignee = case_assignee_by_id(actor=user, user_id=payload.assigned_to)
    transfer_accept(actor=user, transfer=transfer, assignee=assignee)
    return _transfer_out(user, [access_transfer_by_id(user, transfer_id)])[0]


@transfers_router.post("/{transfer_id}/refuse", response=TransferOut)
def transfer_refuse_create(
    request: HttpRequest, transfer_id: uuid.UUID, payload: TransferRefuseIn
) -> dict[str, Any]:
    """Refuse a transfer; `reasons` are required."""
    user, transfer = _for_update(request, transfer_id)
    transfer_refuse(actor=user, transfer=transfer, reasons=payload.reasons)
    return _transfer_out(user, [access_transfer_by_id(user, transfer_id)])[0]


@transfers_router.post("/{transfer_id}/withdraw", response=TransferOut)
def transfer_withdraw_create(
    request: HttpRequest, transfer_id: uuid.UUID, payload: TransferWithdrawIn
) -> dict[str, Any]:
    """Take back a transfer your agency sent, before it is answered."""
    user, transfer = _for_update(request, transfer_id)
    transfer_withdraw(actor=user, transfer=transfer, reasons=payload.reasons)
    return _transfer_out(user, [access_transfer_by_id(user, transfer_id)])[0]
