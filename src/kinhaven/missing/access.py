"""The only way to a single missing episode."""

from __future__ import annotations

import uuid

from django.db.models import Q
from django.utils.translation import gettext as _

from kinhaven.accounts.models import User
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audited_lookup
from kinhaven.children.selectors import child_section_access_for
from kinhaven.core.queries import NOTHING
from kinhaven.missing.models import Episode
from kinhaven.missing.selectors import READ_SECTION, episode_visibility_q


def access_episode_by_id(
    user: User,
    episode_id: uuid.UUID | str,
    *,
    child_id: uuid.UUID | str,
    action: AuditAction = AuditAction.MISSING_EPISODE_READ,
) -> Episode:
    """Return a missing episode of the given child, if the user sees the child and reads the
    location section of its file; raise NotFound otherwise.

    Security goal: an episode says where a child was last seen and found; only those who read
    the child's location section reach it, under the child it belongs to. A hidden one, one of
    another child and a missing one answer alike, so ids cannot be probed, and every attempt is
    audited.
    """
    try:
        scope = Q(child__public_id=uuid.UUID(str(child_id)))
    except ValueError:
        scope = NOTHING
    return audited_lookup(
        actor=user,
        queryset=Episode.objects.filter(episode_visibility_q(user), scope).select_related(
            "child", "child__agency", "case", "placement"
        ),
        public_id=episode_id,
        object_type="missing_episode",
        action=action,
        not_found=_("Missing episode not found."),
        allow=lambda e: READ_SECTION in child_section_access_for(user, e.child).read,
    )
