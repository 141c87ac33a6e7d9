"""`{{ entry.action|audit_action }}`: what an audit entry records, in the reader's language."""

from __future__ import annotations

from django import template

from kinhaven.audit.actions import audit_action_label

register = template.Library()


@register.filter
def audit_action(value: str | None) -> str:
    return audit_action_label(value or "")
