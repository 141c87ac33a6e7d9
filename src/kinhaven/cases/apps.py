from django.apps import AppConfig

from kinhaven.cases.enums import CaseStatus
from kinhaven.timeline.enums import EVENT_KINDS, CaseEventKind


class CasesConfig(AppConfig):
    name = "kinhaven.cases"
    label = "cases"

    def ready(self) -> None:
        from kinhaven.cases.selectors import children_with_case_q
        from kinhaven.cases.services import case_events_record_for_child
        from kinhaven.children.hooks import on_child_changed
        from kinhaven.children.relations import child_case_link_register

        # The timeline names the statuses of a status change without importing this app.
        EVENT_KINDS.statuses_register(CaseEventKind.STATUS_CHANGED, CaseStatus.choices)
        # Children learn which of them a user reaches through a case.
        child_case_link_register(children_with_case_q)
        # A change to a child's record goes on the timeline of each of its open cases.
        on_child_changed(
            lambda change: case_events_record_for_child(
                child=change.child,
                actor=change.actor,
                kind="child_updated",
                data={"fields": list(change.fields)},
            )
        )
