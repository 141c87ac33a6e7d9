"""Consent to data processing and the subject access export, under the child."""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from kinhaven.accounts.auth import request_user
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_consultation, audit_record
from kinhaven.children.access import access_child_by_id
from kinhaven.children.models import Child
from kinhaven.dataprotection.access import access_consent_by_id
from kinhaven.dataprotection.export import child_data
from kinhaven.dataprotection.schemas import (
    ConsentIn,
    ConsentOut,
    ConsentWithdrawIn,
    DataExportIn,
    consent_out,
)
from kinhaven.dataprotection.selectors import consents_for_child
from kinhaven.dataprotection.services import (
    consent_record,
    consent_withdraw,
    export_require,
)

router = Router(tags=["data protection"])


@router.get("/{child_id}/consents", response=list[ConsentOut])
def consent_list(request: HttpRequest, child_id: uuid.UUID) -> list[dict[str, Any]]:
    """The child's consents to data processing, newest first (with the identity section)."""
    user = request_user(request)
    child = access_child_by_id(user, child_id)
    rows = list(consents_for_child(user=user, child=child))
    audit_consultation(actor=user, object_type="data_consent", records=rows)
    return [consent_out(c) for c in rows]


@router.post("/{child_id}/consents", response={201: ConsentOut})
def consent_create(
    request: HttpRequest, child_id: uuid.UUID, payload: ConsentIn
) -> Status[dict[str, Any]]:
    """Record consent as asked and answered: HTCDS's seven points, who gave it, the purpose,
    how long the data are kept as the child was told, the language."""
    user = request_user(request)
    child = access_child_by_id(user, child_id, action=AuditAction.CHILD_READ_FOR_UPDATE)
    return Status(201, consent_out(consent_record(actor=user, child=child, data=payload)))


@router.post("/{child_id}/consents/{consent_id}/withdrawal", response=ConsentOut)
def consent_withdrawal(
    request: HttpRequest, child_id: uuid.UUID, consent_id: uuid.UUID, payload: ConsentWithdrawIn
) -> dict[str, Any]:
    user = request_user(request)
    consent = access_consent_by_id(user, consent_id, child_id=child_id)
    return consent_out(consent_withdraw(actor=user, consent=consent, data=payload))


def data_export_response(user: Any, child: Child, reason: str) -> HttpResponse:
    """The export as a JSON download, audited with its reason's purpose."""
    export_require(user, child)
    document = child_data(child)
    audit_record(
        actor=user,
        action=AuditAction.CHILD_DATA_EXPORT,
        object_type="child",
        object_id=child.public_id,
        detail={"tables": sorted(document["records"]), "reason_given": bool(reason)},
        purpose="subject_access",
    )
    response = HttpResponse(
        json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1),
        content_type="application/json",
    )
    response["Content-Disposition"] = f'attachment; filename="child-{child.public_id}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@router.post("/{child_id}/data-export", response={200: None})
def child_data_export(
    request: HttpRequest, child_id: uuid.UUID, payload: DataExportIn
) -> HttpResponse:
    """Everything held about the child, as JSON (a subject access request): by a role that may
    (child.data_export), of the agency holding the record; audited."""
    user = request_user(request)
    child = access_child_by_id(user, child_id)
    return data_export_response(user, child, payload.reason)
