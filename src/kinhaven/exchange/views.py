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
from kinhaven.children.access import access_child_by_id
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode, NotFound
from kinhaven.core.forms import form_add_errors, form_status
from kinhaven.deadlines.forms import CompletionForm
from kinhaven.exchange import casework, crypto, registration
from kinhaven.exchange.access import (
    access_inbox_message_by_id,
    access_match_by_id,
    access_query_by_id,
)
from kinhaven.exchange.enums import MatchStatus, MessageKind
from kinhaven.exchange.forms import (
    CaseTransferForm,
    FamilyAssessmentAnswerForm,
    FamilyAssessmentRequestForm,
    MatchAnswerForm,
    MatchConfirmForm,
    MissingAlertForm,
    PeerAddForm,
    RegistrationQueryForm,
    ReturnArrangementForm,
    TracingSendForm,
)
from kinhaven.exchange.models import InboxMessage, RegistrationQuery
from kinhaven.exchange.selectors import (
    case_messages,
    exchange_user,
    inbox_for_user,
    missing_cases_for_user,
    outbox_for_user,
    peers_for_user,
    queries_for_user,
)
from kinhaven.exchange.services import (
    inbox_message_answered,
    missing_alert_send,
    peer_add,
    peer_for,
    tracing_request_send,
)
from kinhaven.tracing.pprl import PprlFields

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
        queries = list(queries_for_user(user=user)[:LIST_LIMIT])
        audit_consultation(actor=user, object_type="exchange_query", records=queries)
        context.update(
            received=received, sent=sent, missing_cases=missing, queries=queries, now=time.now()
        )
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


# A received request answered by a message of its own: its form, on the received page.
ANSWER_FORMS: dict[str, type[MatchAnswerForm] | type[FamilyAssessmentAnswerForm]] = {
    MessageKind.MATCH_CONFIRMATION: MatchAnswerForm,
    MessageKind.FAMILY_ASSESSMENT_REQUEST: FamilyAssessmentAnswerForm,
}


def _received_context(
    user: User,
    message: InboxMessage,
    form: CompletionForm | None = None,
    reply_form: MatchAnswerForm | FamilyAssessmentAnswerForm | None = None,
) -> dict[str, Any]:
    open_deadline = message.deadline is not None and message.deadline.completed_at is None
    reply = ANSWER_FORMS.get(message.kind)
    context: dict[str, Any] = {
        "message": message,
        "body": [(FIELD_LABELS.get(k, k), v) for k, v in message.body.items()],
        "answer_form": form or (CompletionForm() if open_deadline and not reply else None),
        "reply_form": reply_form or (reply() if open_deadline and reply else None),
    }
    if message.kind == MessageKind.MATCH_CONFIRMATION:
        # The child behind the handle, for the person who checks before disclosing; through
        # the user's own access to the record (audited), or not shown at all.
        child = registration.match_confirmation_child(message)
        context["handle_known"] = child is not None
        if child is not None:
            try:
                context["match_child"] = access_child_by_id(user, child.public_id)
            except NotFound:
                context["match_child"] = None
    if message.kind in {MessageKind.REGISTRATION_ANSWER, MessageKind.IDENTITY_DISCLOSURE}:
        context["query"] = (
            queries_for_user(user=user)
            .filter(query_id=str(message.body.get("query_id", "")), peer=message.peer)
            .first()
        )
    return context


@login_required
@require_GET
def received_detail(request: HttpRequest, message_id: str) -> HttpResponse:
    user = web_user(request)
    message = access_inbox_message_by_id(user, message_id)
    return render(request, "exchange/received.html", _received_context(user, message))


@login_required
@require_POST
def received_reply_view(request: HttpRequest, message_id: str) -> HttpResponse:
    """Answer a received request with a message: a match confirmation (confirm and disclose,
    or decline) or a family assessment request (the assessment)."""
    user = web_user(request)
    message = access_inbox_message_by_id(user, message_id)
    reply = ANSWER_FORMS.get(message.kind)
    if reply is None:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("This message is not answered with a message."),
            field="message",
        )
    form = reply(request.POST)
    if form.is_valid():
        try:
            if isinstance(form, MatchAnswerForm):
                registration.match_confirmation_answer(
                    actor=user,
                    message=message,
                    confirm=form.input.decision == "confirm",
                    legal_basis=form.input.legal_basis,
                )
            else:
                casework.family_assessment_answer_send(actor=user, message=message, data=form.input)
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, _("Answer queued for delivery."))
            return redirect("exchange:received", message_id=message.public_id)
    return render(
        request,
        "exchange/received.html",
        _received_context(user, message, reply_form=form),
        status=form_status(form),
    )


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
        _received_context(user, message, form),
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


def _case_for(request: HttpRequest, case_id: str) -> tuple[User, Case]:
    user = web_user(request)
    write = request.method == "POST"
    case = access_case_by_id(
        user, case_id, action=AuditAction.CASE_READ_FOR_UPDATE if write else AuditAction.CASE_READ
    )
    capability_require(user, Capability.TRACING_MANAGE)
    return user, case


@login_required
@require_GET
def case_exchange(request: HttpRequest, case_id: str) -> HttpResponse:
    """What went to partner countries about a case, and the forms to send more."""
    user, case = _case_for(request, case_id)
    sent = list(case_messages(user=user, case=case)[:LIST_LIMIT])
    audit_consultation(actor=user, object_type="exchange_message", records=sent)
    queries = list(queries_for_user(user=user).filter(case=case)[:LIST_LIMIT])
    audit_consultation(actor=user, object_type="exchange_query", records=queries)
    return render(
        request,
        "exchange/case.html",
        {"case": case, "sent": sent, "queries": queries, "kinds": CASE_SENDS},
    )


class CaseSend:
    """One message about a case: its form, its write, its page title."""

    def __init__(self, form: type[Any], send: Any, title: Any, done: Any) -> None:
        self.form, self.send, self.title, self.done = form, send, title, done


CASE_SENDS: dict[str, CaseSend] = {
    "family-assessment": CaseSend(
        FamilyAssessmentRequestForm,
        casework.family_assessment_request_send,
        _l("Family assessment request"),
        _l("Family assessment request queued for delivery."),
    ),
    "return": CaseSend(
        ReturnArrangementForm,
        casework.return_arrangement_send,
        _l("Return or transfer arrangement"),
        _l("Arrangement queued for delivery."),
    ),
    "transfer": CaseSend(
        CaseTransferForm,
        casework.case_transfer_send,
        _l("Case transfer"),
        _l("Case transfer queued for delivery."),
    ),
}


@login_required
@require_http_methods(["GET", "POST"])
def case_send_view(request: HttpRequest, case_id: str, kind: str) -> HttpResponse:
    """Send a family assessment request, a return or transfer arrangement or a case transfer."""
    spec = CASE_SENDS.get(kind)
    if spec is None:
        raise NotFound(_("Page not found."))
    user, case = _case_for(request, case_id)
    write = request.method == "POST"
    form = spec.form(request.POST) if write else spec.form()
    if write and form.is_valid():
        try:
            spec.send(actor=user, case=case, data=form.input)
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, str(spec.done))
            return redirect("exchange:case", case_id=case.public_id)
    return render(
        request,
        "exchange/send.html",
        {"form": form, "case": case, "title": spec.title, "kind": kind},
        status=form_status(form) if write else 200,
    )


def _registration_send(request: HttpRequest, user: User, case: Case | None) -> HttpResponse:
    write = request.method == "POST"
    form = RegistrationQueryForm(request.POST if write else None, for_case=case is not None)
    if write and form.is_valid():
        data = form.input
        people: list[PprlFields] = []
        if case is None and data.given_name:
            people = [PprlFields(data.given_name, data.family_name, data.date_of_birth, data.sex)]
        try:
            _message, query = registration.registration_query_send(
                actor=user,
                peer=peer_for(data.peer_id),
                agency=case.agency if case is not None else _agency_of(user),
                people=people,
                child=case.child if case is not None else None,
                case=case,
                legal_basis=data.legal_basis,
            )
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, _("Encoded query queued for delivery."))
            return redirect("exchange:query", query_id=query.public_id)
    return render(
        request,
        "exchange/send.html",
        {
            "form": form,
            "case": case,
            "title": _("Is this child registered with a partner?"),
            "kind": "registration",
        },
        status=form_status(form) if write else 200,
    )


def _agency_of(user: User) -> Agency:
    assert user.agency is not None  # noqa: S101  # those who trace belong to an agency
    return user.agency


@login_required
@require_http_methods(["GET", "POST"])
def registration_send_view(request: HttpRequest) -> HttpResponse:
    """Ask a partner whether a child a family seeks is registered there: encodings only."""
    user = web_user(request)
    capability_require(user, Capability.TRACING_MANAGE)
    return _registration_send(request, user, None)


@login_required
@require_http_methods(["GET", "POST"])
def case_registration_view(request: HttpRequest, case_id: str) -> HttpResponse:
    """Ask a partner whether the case's child is registered there: its encoding only."""
    user, case = _case_for(request, case_id)
    return _registration_send(request, user, case)


def _query_context(
    query: RegistrationQuery, forms: dict[str, MatchConfirmForm] | None = None
) -> dict[str, Any]:
    forms = forms or {}
    matches = [
        (m, forms.get(str(m.public_id)) or MatchConfirmForm(prefix=str(m.public_id)))
        if m.status == MatchStatus.PROPOSED
        else (m, None)
        for m in query.matches.all()
    ]
    return {"query": query, "matches": matches}


@login_required
@require_GET
def query_detail(request: HttpRequest, query_id: str) -> HttpResponse:
    """An encoded query sent, its candidates (handles and scores) and what became of them."""
    user = web_user(request)
    query = access_query_by_id(user, query_id)
    return render(request, "exchange/query.html", _query_context(query))


@login_required
@require_POST
def match_confirm_view(request: HttpRequest, match_id: str) -> HttpResponse:
    """Confirm a candidate and ask the partner for the identity behind it."""
    user = web_user(request)
    match = access_match_by_id(user, match_id)
    form = MatchConfirmForm(request.POST, prefix=str(match.public_id))
    if form.is_valid():
        try:
            registration.registration_match_confirm(
                actor=user, match=match, legal_basis=form.input.legal_basis
            )
        except ApplicationError as exc:
            form_add_errors(form, exc)
        else:
            messages.success(request, _("Confirmation queued for delivery."))
            return redirect("exchange:query", query_id=match.query.public_id)
    query = access_query_by_id(user, match.query.public_id)
    return render(
        request,
        "exchange/query.html",
        _query_context(query, {str(match.public_id): form}),
        status=form_status(form),
    )
