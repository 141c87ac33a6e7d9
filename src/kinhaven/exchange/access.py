from __future__ import annotations

import uuid

from django.utils.translation import gettext as _

from kinhaven.accounts.models import User
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audited_lookup
from kinhaven.exchange.models import InboxMessage
from kinhaven.exchange.selectors import inbox_for_user


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
