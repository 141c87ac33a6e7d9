"""The kinds of case event: the built-in ones, and a registry that other kinds join at startup.

The model's `kind` field lists no choices, so a new kind needs no migration; the timeline service
refuses a kind that is not registered, and the registry gives each kind its label.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# As long as the model's field allows.
KIND_MAX_LENGTH = 30
_KIND_FORM = re.compile(r"[a-z][a-z0-9_]*")


class CaseEventKind(models.TextChoices):
    OPENED = "opened", _("Case opened")
    STATUS_CHANGED = "status_changed", _("Status changed")
    ASSIGNED = "assigned", _("Case assigned")
    UPDATED = "updated", _("Case details updated")
    NOTE_ADDED = "note_added", _("Note added")
    MISSING_REPORTED = "missing_reported", _("Reported missing")
    FOUND = "found", _("No longer missing")
    CHILD_UPDATED = "child_updated", _("Child's record updated")
    GUARDIAN_APPOINTED = "guardian_appointed", _("Guardian recorded")
    REPORT_CONVERTED = "report_converted", _("Opened from a report")
    DEADLINE_STARTED = "deadline_started", _("Deadline set")
    DEADLINE_CLOSED = "deadline_closed", _("Deadline closed")
    DEADLINE_ESCALATED = "deadline_escalated", _("Deadline overdue, escalated")
    REFERRAL_SENT = "referral_sent", _("Referral sent")
    REFERRAL_CHANGED = "referral_changed", _("Referral status changed")
    CONFERENCE_HELD = "conference_held", _("Case conference held")
    ACTION_DONE = "action_done", _("Task from a conference done")
    PROCEEDING_UPDATED = "proceeding_updated", _("Legal proceeding updated")
    RECORDS_MERGED = "records_merged", _("Another record of the child merged into this one")
    MERGE_UNDONE = "merge_undone", _("Merge of records undone")
    FAMILY_FOUND = "family_found", _("Family tracing: a match confirmed")


class EventKinds:
    """The kinds of case event this instance knows, with their labels.

    An app that writes a kind of its own registers it once, from its AppConfig.ready(); a kind
    whose data holds statuses ("from" and "to") or changed fields ("fields") registers their
    labels too, so that the timeline reads them without importing the app that owns them.
    """

    def __init__(self, builtin: type[models.TextChoices]) -> None:
        self._labels: dict[str, str | Promise] = dict(builtin.choices)
        self._statuses: dict[str, dict[str, str | Promise]] = {}
        self._fields: dict[str, dict[str, str | Promise]] = {}

    def register(self, kind: str, label: str | Promise) -> None:
        """Make a kind known; registering it again with the same label changes nothing."""
        if len(kind) > KIND_MAX_LENGTH or not _KIND_FORM.fullmatch(kind):
            raise ValueError(
                f"an event kind is lower-case letters, digits and _, at most {KIND_MAX_LENGTH}"
            )
        known = self._labels.get(kind)
        if known is not None and str(known) != str(label):
            raise ValueError(f"the event kind {kind!r} is registered with another label")
        self._labels[kind] = label

    def statuses_register(self, kind: str, choices: Iterable[tuple[str, str | Promise]]) -> None:
        """Name the statuses that events of `kind` store under "from" and "to"."""
        if kind not in self:
            raise ValueError(f"unknown event kind {kind!r}")
        self._statuses.setdefault(kind, {}).update(choices)

    def fields_register(self, kind: str, labels: Mapping[str, str | Promise]) -> None:
        """Name the fields that events of `kind` list under "fields" (what was changed)."""
        if kind not in self:
            raise ValueError(f"unknown event kind {kind!r}")
        self._fields.setdefault(kind, {}).update(labels)

    def __contains__(self, kind: object) -> bool:
        return kind in self._labels

    def label(self, kind: str) -> str:
        """Return the readable label of a kind; one no longer registered reads as its code."""
        return str(self._labels.get(kind, kind))

    def status_label(self, kind: str, value: object) -> str:
        """Return the label of a status stored in an event of `kind`, or "" if it has none."""
        label = self._statuses.get(kind, {}).get(value) if isinstance(value, str) else None
        return "" if label is None else str(label)

    def field_labels(self, kind: str, names: object) -> list[str]:
        """Return the labels of the fields an event of `kind` lists; a field no longer named
        reads as its code."""
        if not isinstance(names, list):
            return []
        labels = self._fields.get(kind, {})
        return [str(labels.get(name, name)) for name in names if isinstance(name, str)]

    def choices(self) -> list[tuple[str, str]]:
        """Return (kind, label) of every kind known, for filters and forms."""
        return [(kind, str(label)) for kind, label in self._labels.items()]


EVENT_KINDS = EventKinds(CaseEventKind)


def event_kind_register(kind: str, label: str | Promise) -> None:
    """Make a new kind of case event known: no migration, since the field lists no choices."""
    EVENT_KINDS.register(kind, label)
