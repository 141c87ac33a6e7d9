from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "kinhaven.deadlines"
    label = "deadlines"

    def ready(self) -> None:
        from kinhaven.cases.hooks import on_case_opened
        from kinhaven.cases.views import CASE_PAGE
        from kinhaven.core.pages import page_contribute
        from kinhaven.deadlines.enums import MANUAL
        from kinhaven.deadlines.forms import CompletionForm
        from kinhaven.deadlines.selectors import deadline_rows, deadlines_on
        from kinhaven.deadlines.services import case_deadlines_start

        # Every case gets its deadlines, however it was opened.
        on_case_opened(case_deadlines_start)

        # The case page shows the case's deadlines and offers the manual ones.
        page_contribute(
            CASE_PAGE,
            lambda user, case: {
                "deadlines": deadline_rows(deadlines_on(case=case)),
                "manual_codes": MANUAL,
                # One form on each row: no ids, which would repeat.
                "completion_form": CompletionForm(auto_id=False),
            },
        )
