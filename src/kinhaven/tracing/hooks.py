"""What tracing does when a child's record is saved (registered in TracingConfig.ready())."""

from __future__ import annotations

from kinhaven.accounts.enums import Section
from kinhaven.children.enums import Tracing
from kinhaven.children.hooks import ChildSaved
from kinhaven.children.models import Child
from kinhaven.children.sections import FIELD_SECTIONS
from kinhaven.tracing.services.duplicates import child_duplicates_check
from kinhaven.tracing.tasks import tracing_child_check


def child_saved_match(event: ChildSaved) -> None:
    """Once a child's identity is saved and committed: look for other records of the child at
    once, for the child's page that follows the save lists them; and have the worker look for
    open tracing requests seeking the child, whose answer is a notification to their agencies."""
    if not event.created and not any(FIELD_SECTIONS[f] == Section.IDENTITY for f in event.fields):
        return
    child = Child.objects.filter(pk=event.child_id).first()
    if child is None:
        return
    child_duplicates_check(child=child)
    if child.tracing == Tracing.ALLOWED and child.merged_into_id is None:
        tracing_child_check.enqueue(child.pk)
