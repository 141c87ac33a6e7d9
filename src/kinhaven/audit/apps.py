from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.db import connections
from django.db.models.signals import post_migrate

from kinhaven.audit.roles import app_role_grant


class AuditConfig(AppConfig):
    name = "kinhaven.audit"
    label = "audit"

    def ready(self) -> None:
        from kinhaven.audit import checks  # noqa: F401  # registers the deployment checks

        post_migrate.connect(_grant_app_role, sender=self)


def _grant_app_role(*, using: str, **kwargs: Any) -> None:
    # Migrations add tables; the application role gets its rights on them, never more on audit's.
    if settings.KINHAVEN_DB_APP_ROLE and connections[using].vendor == "postgresql":
        app_role_grant(role=settings.KINHAVEN_DB_APP_ROLE, using=using)
