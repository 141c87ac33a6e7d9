from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinhaven.timeline.enums import EVENT_KINDS, KIND_MAX_LENGTH


class CaseEvent(models.Model):
    """One entry of a case's timeline; `data` holds codes and field names, read through the
    registry's labels.

    The case is named by a string so that this app imports nothing of the apps that write to it.
    `kind` lists no choices: the kinds live in a registry (enums.EVENT_KINDS), and a new kind
    needs no migration.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=KIND_MAX_LENGTH)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    occurred_at = models.DateTimeField(_("time"))
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("timeline event")
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} at {self.occurred_at:%Y-%m-%d %H:%M}"

    def get_kind_display(self) -> str:
        """Return the kind's label, under the name Django gives a field with choices."""
        return EVENT_KINDS.label(self.kind)

    def status_label(self, key: str) -> str:
        """Return the readable label of the status stored under `key` ("from" or "to")."""
        return EVENT_KINDS.status_label(self.kind, self.data.get(key))

    @property
    def field_labels(self) -> list[str]:
        """The fields the event changed (stored under "fields"), by their readable names."""
        return EVENT_KINDS.field_labels(self.kind, self.data.get("fields"))

    @property
    def from_label(self) -> str:
        return self.status_label("from")

    @property
    def to_label(self) -> str:
        return self.status_label("to")
