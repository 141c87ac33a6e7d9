"""The only way to a single child's record."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils.translation import gettext as _

from kinhaven.accounts.models import User
from kinhaven.audit.enums import Outcome
from kinhaven.audit.services import audit_record
from kinhaven.children.models import Child
from kinhaven.children.selectors import child_visibility_q
from kinhaven.core.errors import NotFound


def access_child_by_id(
    user: User, child_id: uuid.UUID | str, *, action: str = "child.read"
) -> Child:
    """Return a child's record the user may see, or raise NotFound.

    Security goal: a record the user may not see answers exactly like one that does not exist,
    so ids cannot be probed; every attempt, allowed or denied, leaves an audit entry.
    """
    try:
        public_id = uuid.UUID(str(child_id))
    except ValueError:
        raise NotFound(_("Child not found.")) from None
    with transaction.atomic():
        child = (
            Child.objects.filter(child_visibility_q(user), public_id=public_id)
            .select_related("agency", "registered_by")
            .prefetch_related("aliases", "documents")
            .first()
        )
        audit_record(
            actor=user,
            action=action,
            object_type="child",
            object_id=public_id,
            outcome=Outcome.ALLOWED if child else Outcome.DENIED,
        )
    if child is None:
        raise NotFound(_("Child not found."))
    return child
