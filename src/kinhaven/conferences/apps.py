from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "kinhaven.conferences"
    label = "conferences"

    def ready(self) -> None:
        from kinhaven.cases.views import CASE_PAGE
        from kinhaven.conferences.selectors import conferences_for_case
        from kinhaven.core.pages import page_contribute

        # The case page lists the case's conferences.
        page_contribute(
            CASE_PAGE, lambda user, case: {"conferences": conferences_for_case(case=case)[:20]}
        )
