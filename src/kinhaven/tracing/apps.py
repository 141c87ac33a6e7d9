from django.apps import AppConfig


class TracingConfig(AppConfig):
    name = "kinhaven.tracing"
    label = "tracing"

    def ready(self) -> None:
        # Children may not import tracing (tracing builds on it): tracing hooks in.
        from kinhaven.children.hooks import on_child_saved
        from kinhaven.tracing.hooks import child_saved_match

        on_child_saved(child_saved_match)
