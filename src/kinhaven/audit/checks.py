"""Deployment check: the audit signing key must exist outside the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def audit_key_present(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if Path(settings.KINHAVEN_AUDIT_KEY_FILE).is_file():
        return []
    return [
        Error(
            "The audit signing key file does not exist.",
            hint="Set KINHAVEN_AUDIT_KEY_FILE to an Ed25519 private key (PEM) kept outside "
            "the database.",
            id="kinhaven.E001",
        )
    ]
