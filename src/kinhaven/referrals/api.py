import uuid

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from kinhaven.accounts.auth import request_user
from kinhaven.accounts.models import Agency
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_consultation
from kinhaven.cases.access import access_case_by_id
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.core.pagination import page_payload, paginate
from kinhaven.core.schemas import PageOut
from kinhaven.referrals.access import access_referral_by_id
from kinhaven.referrals.models import Referral, Service
from kinhaven.referrals.schemas import (
    ReferralFilters,
    ReferralIn,
    ReferralOut,
    ReferralTransitionIn,
    ServiceFilters,
    ServiceIn,
    ServiceOut,
    ServiceUpdateIn,
)
from kinhaven.referrals.selectors import (
    referral_list_for_user,
    service_of_agency,
    service_search,
    services_with_places,
)
from kinhaven.referrals.services import (
    referral_create,
    referral_transition,
    service_create,
    service_update,
)

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
