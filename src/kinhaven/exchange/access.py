from __future__ import annotations

import uuid

from django.utils.translation import gettext as _

from kinhaven.accounts.models import User
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audited_lookup
from kinhaven.exchange.models import InboxMessage, RegistrationMatch, RegistrationQuery
from kinhaven.exchange.selectors import inbox_for_user, queries_for_user


def access_inbox_message_by_id(user: User, message_id: uuid.UUID | str) -> InboxMessage:
    """Return a received message of the user's agency, or raise NotFound.

    Security goal: only those who trace for the receiving agency read what a partner country
    sent; any other message, a missing one and a malformed id answer the same 404, and every
    attempt is audited.
    """
    return audited_lookup(
        actor=user,
        queryset=inbox_for_user(user=user),
        public_id=message_id,
        object_type="exchange_message",
        action=AuditAction.EXCHANGE_MESSAGE_READ,
        not_found=_("Message not found."),
    )


def access_query_by_id(user: User, query_id: uuid.UUID | str) -> RegistrationQuery:
    """Return an encoded registration query of the user's agency, or raise NotFound.

    Security goal: only those who trace for the asking agency see its queries and candidates;
    any other id answers the same 404, and every attempt is audited.
    """
    return audited_lookup(
        actor=user,
        queryset=queries_for_user(user=user),
        public_id=query_id,
        object_type="exchange_query",
        action=AuditAction.EXCHANGE_QUERY_READ,
        not_found=_("Query not found."),
    )


def access_match_by_id(user: User, match_id: uuid.UUID | str) -> RegistrationMatch:
    """Return a candidate of one of the user's agency's queries, or raise NotFound (audited)."""
    return audited_lookup(
        actor=user,
        queryset=RegistrationMatch.objects.filter(
            query__in=queries_for_user(user=user)
        ).select_related("query__peer", "query__case"),
        public_id=match_id,
        object_type="exchange_match",
        action=AuditAction.EXCHANGE_QUERY_READ,
        not_found=_("Candidate not found."),
    )
