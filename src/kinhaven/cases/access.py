"""The only way to a single case."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils.translation import gettext as _

from kinhaven.accounts.models import User
from kinhaven.audit.enums import Outcome
from kinhaven.audit.services import audit_record
from kinhaven.cases.models import Case
from kinhaven.cases.selectors import case_visibility_q
from kinhaven.core.errors import NotFound


def access_case_by_id(user: User, case_id: uuid.UUID | str, *, action: str = "case.read") -> Case:
    """Return a case the user may see, or raise NotFound.

    Security goal: a case the user may not see is indistinguishable from one that does not
    exist, so ids cannot be probed; every attempt, allowed or denied, is audited.
    """
    try:
        public_id = uuid.UUID(str(case_id))
    except ValueError:
        raise NotFound(_("Case not found.")) from None
    with transaction.atomic():
        case = (
            Case.objects.filter(case_visibility_q(user), public_id=public_id)
            .select_related("child", "agency", "team", "assigned_to", "opened_by")
            .first()
        )
        audit_record(
            actor=user,
            action=action,
            object_type="case",
            object_id=public_id,
            outcome=Outcome.ALLOWED if case else Outcome.DENIED,
        )
    if case is None:
        raise NotFound(_("Case not found."))
    return case
