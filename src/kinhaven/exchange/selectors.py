"""Reads of the exchange, scoped to the caller: peers for administrators, the agency's received
and sent messages for those who trace (tracing.manage)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import User
from kinhaven.cases.models import Case
from kinhaven.cases.selectors import case_list_for_user
from kinhaven.exchange.models import (
    InboxMessage,
    OutboxMessage,
    Peer,
    RegistrationMatch,
    RegistrationQuery,
)


def exchange_user(user: User) -> bool:
    """Tell whether the user works with the agency's exchange messages."""
    return user.is_active and user.has_capability(Capability.TRACING_MANAGE)


def peers_for_user(*, user: User) -> QuerySet[Peer]:
    """The peers, for administrators (who see no child data) and those who send messages."""
    if user.is_active and (user.has_capability(Capability.USER_MANAGE) or exchange_user(user)):
        return Peer.objects.select_related("agency").order_by("country", "instance_id")
    return Peer.objects.none()


def peers_active() -> QuerySet[Peer]:
    """The peers a message may go to."""
    return Peer.objects.filter(active=True).order_by("country", "instance_id")


def inbox_for_user(*, user: User) -> QuerySet[InboxMessage]:
    """Messages received for the user's agency; none for other roles."""
    if not exchange_user(user) or user.agency_id is None:
        return InboxMessage.objects.none()
    return (
        InboxMessage.objects.filter(agency_id=user.agency_id)
        .select_related("peer", "deadline")
        .order_by("-created_at", "-id")
    )


def outbox_for_user(*, user: User) -> QuerySet[OutboxMessage]:
    """Messages the user's agency sent, with their delivery status."""
    if not exchange_user(user) or user.agency_id is None:
        return OutboxMessage.objects.none()
    return (
        OutboxMessage.objects.filter(agency_id=user.agency_id)
        .select_related("peer")
        .order_by("-created_at", "-id")
    )


def missing_cases_for_user(*, user: User) -> QuerySet[Case]:
    """The user's cases of children flagged missing, for which an alert may be sent."""
    if not exchange_user(user):
        return Case.objects.none()
    return case_list_for_user(user=user, filters={"missing": True})


def queries_for_user(*, user: User) -> QuerySet[RegistrationQuery]:
    """The encoded registration queries the user's agency sent, with their candidates."""
    if not exchange_user(user) or user.agency_id is None:
        return RegistrationQuery.objects.none()
    return (
        RegistrationQuery.objects.filter(agency_id=user.agency_id)
        .select_related("peer", "case", "asked_by")
        .prefetch_related(
            Prefetch(
                "matches",
                queryset=RegistrationMatch.objects.select_related("confirmed_by", "disclosure"),
            )
        )
        .order_by("-created_at", "-id")
    )


def case_messages(*, user: User, case: Case) -> QuerySet[OutboxMessage]:
    """What the user's agency sent about a case (the caller has reached the case)."""
    return outbox_for_user(user=user).filter(case=case)
