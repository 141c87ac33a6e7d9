from django.apps import AppConfig

from kinhaven.cases.enums import CaseStatus
from kinhaven.timeline.enums import EVENT_KINDS, CaseEventKind


class CasesConfig(AppConfig):
    name = "kinhaven.cases"
    label = "cases"

    def ready(self) -> None:
        # The timeline names the statuses of a status change without importing this app.
        EVENT_KINDS.statuses_register(CaseEventKind.STATUS_CHANGED, CaseStatus.choices)
