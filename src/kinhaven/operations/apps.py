from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "kinhaven.operations"
    label = "operations"
    verbose_name = _("Operations")
