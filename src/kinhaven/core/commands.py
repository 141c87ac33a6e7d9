"""The base of Kinhaven's management commands."""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.core.management.base import BaseCommand


class KinhavenCommand(BaseCommand):
    """A command that runs Django's system checks before it starts, as Django's own do, but not
    those of the URL configuration.

    Checking the URLs loads every view and builds the whole API, about a second of each
    command's start, and a command serves no URL. The checks run by tag, every tag but `urls`,
    so the few registered with no tag (the order of the middleware, the task backends' settings)
    are left to the commands that serve: `kinhaven check`, `runserver`, `migrate` and the task
    worker run them all.
    """

    def check(self, app_configs: Any = None, tags: Any = None, *args: Any, **kwargs: Any) -> None:
        if tags is None:
            tags = [tag for tag in checks.registry.registry.tags_available(True) if tag != "urls"]
        super().check(app_configs, tags, *args, **kwargs)
