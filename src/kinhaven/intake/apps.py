from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "kinhaven.intake"
    label = "intake"

    def ready(self) -> None:
        from kinhaven.deadlines.selectors import deadline_subject_register
        from kinhaven.intake.selectors import report_visibility_q

        # A report's deadlines are seen by whoever sees the report.
        deadline_subject_register("report", report_visibility_q)
