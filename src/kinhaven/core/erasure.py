"""What else goes when rows are erased: each app that keeps files (or keys) outside the rows
it owns registers how to remove them, so that erasing a record (retention) leaves nothing
behind. A hook gets the rows about to be deleted and returns one remover per file; the removers
run once the deletion is committed."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import models

Remover = Callable[[], None]
ErasureHook = Callable[[Iterable[Any]], list[Remover]]
_HOOKS: dict[type[models.Model], list[ErasureHook]] = {}


def erasure_hook_register(model: type[models.Model], hook: ErasureHook) -> None:
    hooks = _HOOKS.setdefault(model, [])
    if hook not in hooks:
        hooks.append(hook)


def erasure_hooks(model: type[models.Model]) -> list[ErasureHook]:
    return list(_HOOKS.get(model, []))
