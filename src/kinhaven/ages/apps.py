from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The case events of an age assessment, on the timeline of each of the child's open cases.
EVENT_KINDS = {
    "age_requested": _("Age assessment requested"),
    "age_method_recorded": _("Age assessment: method recorded"),
    "age_decided": _("Age assessment decided"),
    "age_notice_recorded": _("Age decision made known"),
    "age_appealed": _("Age decision appealed"),
    "age_appeal_decided": _("Appeal against the age decision decided"),
    "age_withdrawn": _("Age assessment withdrawn"),
}


class AgesConfig(AppConfig):
    name = "kinhaven.ages"
    label = "ages"
    verbose_name = _("Age assessment")

    def ready(self) -> None:
        from kinhaven.timeline.enums import event_kind_register

        for kind, label in EVENT_KINDS.items():
            event_kind_register(kind, label)
