"""The kinds of record that can be submitted for approval, each with the capability that
approves it and what its app does once decided.

An app registers its kind from AppConfig.ready(); the approval service calls `on_decided`
inside the deciding transaction, so the record changes (and its timeline event is written)
exactly when the approval does. Case closures (`case_closure`), case plans (`case_plan`) and
best-interests assessments register their kinds this way, without approvals knowing their apps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise

from kinhaven.accounts.enums import Capability

if TYPE_CHECKING:
    from kinhaven.accounts.models import User
    from kinhaven.approvals.models import ApprovalRequest

OnDecided = Callable[["ApprovalRequest", "User"], None]
# Where the approver decides: the record's page (a path, no personal data).
RecordUrl = Callable[["ApprovalRequest"], str]
# Who wrote the record (user ids): none of them approves it, whoever submitted it.
Authors = Callable[["ApprovalRequest"], Iterable[int]]


@dataclass(frozen=True)
class ApprovableKind:
    code: str
    capability: Capability
    on_decided: OnDecided
    label: str | Promise = ""  # the task of deciding, in task lists ("Approve a case plan")
    url: RecordUrl | None = None
    authors: Authors | None = None


APPROVABLE: dict[str, ApprovableKind] = {}


def approvable_register(
    code: str,
    capability: Capability,
    on_decided: OnDecided,
    *,
    label: str | Promise = "",
    url: RecordUrl | None = None,
    authors: Authors | None = None,
) -> None:
    """Make records of kind `code` approvable by holders of `capability`; `label` and `url`
    say what it is and where it is decided, for the approver's task list; `authors`, who wrote
    a record, so that none of them approves it."""
    APPROVABLE[code] = ApprovableKind(code, capability, on_decided, label, url, authors)
