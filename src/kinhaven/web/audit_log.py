"""The audit log for auditors: read-only, filtered by record or action."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kinhaven.accounts.auth import web_user
from kinhaven.accounts.enums import Capability
from kinhaven.accounts.services import capability_require
from kinhaven.audit.actions import AuditAction, audit_action_choices
from kinhaven.audit.models import AuditEntry
from kinhaven.audit.services import audit_record
from kinhaven.core.pagination import paginate


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    user = web_user(request)
    capability_require(user, Capability.AUDIT_VIEW)
    entries = AuditEntry.objects.select_related("actor").order_by("-seq")
    object_id = request.GET.get("object", "").strip()
    try:
        if object_id:
            entries = entries.filter(object_id=uuid.UUID(object_id))
    except ValueError:
        entries = entries.none()
    action = request.GET.get("action", "").strip()[:60]
    if action:
        entries = entries.filter(action=action)
    page = paginate(entries, page=request.GET.get("page"), page_size=50)
    audit_record(
        actor=user, action=AuditAction.AUDIT_READ, object_type="audit", detail={"page": page.number}
    )
    return render(
        request,
        "audit/log.html",
        {
            "page": page,
            "object": object_id,
            "action": action,
            "action_choices": audit_action_choices(),
        },
    )
