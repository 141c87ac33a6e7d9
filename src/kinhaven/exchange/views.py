"""The exchange pages: for administrators the peers and the form to add one; for those who
trace (caseworkers, supervisors) the messages received for their agency with their answer
deadlines, the messages sent with their delivery status, and the forms to send a missing-child
alert and a tracing request. The public keys are served at a well-known address."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kinhaven.accounts.auth import web_user
from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import Agency, User
from kinhaven.accounts.services import capability_require
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_consultation
from kinhaven.cases.access import access_case_by_id
from kinhaven.cases.models import Case
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.core.forms import form_add_errors, form_status
from kinhaven.deadlines.forms import CompletionForm
from kinhaven.exchange import crypto
from kinhaven.exchange.access import access_inbox_message_by_id
from kinhaven.exchange.forms import MissingAlertForm, PeerAddForm, TracingSendForm
from kinhaven.exchange.models import InboxMessage
from kinhaven.exchange.selectors import (
    exchange_user,
    inbox_for_user,
    missing_cases_for_user,
    outbox_for_user,
    peers_for_user,
)
from kinhaven.exchange.services import (
    inbox_message_answered,
    missing_alert_send,
    peer_add,
    tracing_request_send,
)

LIST_LIMIT = 50

# The fields of the message bodies (messages.py), as a page shows them.
FIELD_LABELS = {
    "alert_ref": _l("Alert reference"),
    "request_ref": _l("Request reference"),
    "arrangement_ref": _l("Arrangement reference"),
    "transfer_ref": _l("Transfer reference"),
    "case_ref": _l("Case reference"),
    "query_id": _l("Query"),
    "first_name": _l("First name"),
    "given_name": _l("Given name"),
    "family_name": _l("Family name"),
    "sex": _l("Sex"),
    "birth_year": _l("Year of birth"),
    "age_years": _l("Age (years)"),
    "description": _l("Description"),
    "last_seen_place": _l("Last seen at"),
    "last_seen_on": _l("Last seen on"),
    "expires_on": _l("Expires on"),
    "contact": _l("Contact"),
    "seeker_relationship": _l("Looked for by"),
    "relationship": _l("Relationship"),
    "nationality": _l("Nationality"),
    "languages": _l("Languages"),
    "registration_query_ref": _l("Encoded query"),
    "locality": _l("Locality"),
    "questions": _l("Questions"),
    "recommendation": _l("Recommendation"),
    "summary": _l("Summary"),
    "kind": _l("Kind"),
    "planned_on": _l("Planned on"),
    "escort": _l("Escort"),
    "receiving_service": _l("Receiving service"),
    "reason": _l("Reason"),
    "consent": _l("The child's consent"),
    "encodings": _l("Encodings"),
    "candidates": _l("Candidates"),
    "handle": _l("Handle"),
    "confirmed_by": _l("Confirmed by"),
}


@require_GET
def jwks(request: HttpRequest) -> HttpResponse:
    """The instance's public keys (a JWKS with its name and country), for its peers."""
    return JsonResponse(crypto.public_document())


def _admin(user: User) -> bool:
    return user.has_capability(Capability.USER_MANAGE)


def _home_context(user: User, peer_form: PeerAddForm | None = None) -> dict[str, Any]:
    context: dict[str, Any] = {"is_admin": _admin(user), "is_exchange": exchange_user(user)}
    if context["is_admin"]:
        peers = list(peers_for_user(user=user))
        context.update(
            peers=peers,
            peer_form=peer_form or PeerAddForm(),
            own_instance=crypto.instance_id(),
            own_thumbprint=crypto.signing_key().get("kid"),
        )
    if context["is_exchange"]:
        received = list(inbox_for_user(user=user)[:LIST_LIMIT])
        sent = list(outbox_for_user(user=user)[:LIST_LIMIT])
        audit_consultation(actor=user, object_type="exchange_message", records=received + sent)
        missing = list(missing_cases_for_user(user=user)[:LIST_LIMIT])
        audit_consultation(actor=user, object_type="case", records=missing)
        context.update(received=received, sent=sent, missing_cases=missing, now=time.now())
    return context


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = web_user(request)
    if not (_admin(user) or exchange_user(user)):
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED, _("Your role does not allow this action.")
        )
    return render(request, "exchange/home.html", _home_context(user))


@login_required
@require_POST
def peer_add_view(request: HttpRequest) -> HttpResponse:
    """Add a peer by its address and the thumbprint of its signing key."""
    user = web_user(request)
    capability_require(user, Capability.USER_MANAGE)
    form = PeerAddForm(request.POST)
    if form.is_valid():
        data = form.input
        agency = Agency.objects.filter(public_id=data.agency_id).first()
        if agency is None:
            form.add_error("agency_id", _("Choose an agency."))
        else:
            try:
                peer_add(
                    actor=user,
                    base_url=data.base_url,
                    country=data.country,
                    thumbprint=data.thumbprint,
                    agency=agency,
                )
            except ApplicationError as exc:
                form_add_errors(form, exc)
            else:
                messages.success(request, _("Peer added."))
                return redirect("exchange:home")
    return render(
        request, "exchange/home.html", _home_context(user, form), status=form_status(form)
    )


def _received_context(message: InboxMessage, form: CompletionForm | None = None) -> dict[str, Any]:
    open_deadline = message.deadline is not None and message.deadline.completed_at is None
    return {
        "message": message,
        "body": [(FIELD_LABELS.get(k, k), v) for k, v in message.body.items()],
        "answer_form": form or (CompletionForm() if open_deadline else None),
    }


@login_required
@require_GET
def received_detail(request: HttpRequest, message_id: str) -> HttpResponse:
    user = web_user(request)
    message = access_inbox_message_by_id(user, message_id)
    return render(request, "exchange/received.html", _received_context(message))


@login_required
@require_POST
def received_answered_view(request: HttpRequest, message_id: str) -> HttpResponse:
    """Record that a received request was answered, with what was done."""
    user = web_user(request)
    message = access_inbox_message_by_id(user, message_id)
    form = CompletionForm(request.POST)
    if form.is_valid():
        try:
            inbox_message_answered(actor=user, message=message, data=form.input)
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, _("Recorded as answered."))
            return redirect("exchange:received", message_id=message.public_id)
    return render(
        request,
        "exchange/received.html",
        _received_context(message, form),
        status=form_status(form),
    )


def _alert_initial(case: Case) -> dict[str, Any]:
    child = case.child
    return {
        "first_name": child.given_name,
        "sex": child.sex if child.sex in {"F", "M", "X"} else "U",
        "birth_year": child.birth_year,
        "last_seen_on": case.missing_since.date() if case.missing_since else None,
    }


@login_required
@require_http_methods(["GET", "POST"])
def missing_alert_view(request: HttpRequest, case_id: str) -> HttpResponse:
    """Send a missing-child alert for a case flagged missing: only what an alert needs."""
    user = web_user(request)
    write = request.method == "POST"
    case = access_case_by_id(
        user, case_id, action=AuditAction.CASE_READ_FOR_UPDATE if write else AuditAction.CASE_READ
    )
    capability_require(user, Capability.TRACING_MANAGE)
    form = (
        MissingAlertForm(request.POST) if write else MissingAlertForm(initial=_alert_initial(case))
    )
    if write and form.is_valid():
        try:
            missing_alert_send(actor=user, case=case, data=form.input)
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, _("Alert queued for delivery."))
            return redirect("exchange:home")
    return render(
        request,
        "exchange/send.html",
        {"form": form, "case": case, "title": _("Missing-child alert"), "kind": "alert"},
        status=form_status(form) if write else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def tracing_send_view(request: HttpRequest) -> HttpResponse:
    """Send a tracing request to a peer, without names."""
    user = web_user(request)
    capability_require(user, Capability.TRACING_MANAGE)
    write = request.method == "POST"
    form = TracingSendForm(request.POST) if write else TracingSendForm()
    if write and form.is_valid():
        try:
            tracing_request_send(actor=user, data=form.input)
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, _("Tracing request queued for delivery."))
            return redirect("exchange:home")
    return render(
        request,
        "exchange/send.html",
        {"form": form, "case": None, "title": _("Tracing request"), "kind": "tracing"},
        status=form_status(form) if write else 200,
    )
