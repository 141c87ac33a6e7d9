from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "kinhaven.audit"
    label = "audit"

    def ready(self) -> None:
        from kinhaven.audit import checks  # noqa: F401  # registers the deployment check
