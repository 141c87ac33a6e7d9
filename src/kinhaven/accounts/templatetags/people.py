"""People by name and role, never by username alone: `{{ note.author|person }}` reads
"Amira Haddad (Caseworker)"; `{{ entry.actor_role|role }}` and `{{ codes|sections }}` name a role
and a child's file's sections in the reader's language."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from kinhaven.accounts.enums import Section
from kinhaven.accounts.models import role_label

register = template.Library()


@register.filter
def person(user: Any) -> str:
    """The person's name and role; "" for nobody, so that `|default:"—"` applies."""
    if user is None or not getattr(user, "pk", None):
        return ""
    return str(user.person_label())


@register.filter
def person_name(user: Any) -> str:
    """The person's name alone, where the role is said beside it."""
    if user is None or not getattr(user, "pk", None):
        return ""
    return str(user.display_name())


@register.filter
def role(code: str | None) -> str:
    return role_label(code or "") or (code or "")


@register.filter
def sections(codes: Iterable[str] | None) -> str:
    labels = dict(Section.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes or [])
