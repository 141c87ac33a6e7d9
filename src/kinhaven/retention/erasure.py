"""Erase a record and everything that refers to it: the rows of every table that point at it,
and at those, found by walking the models' foreign keys; deleted referrers first; the files
(and keys) the apps registered (core.erasure) removed with their rows. The audit log is not
touched: it holds ids and codes, and its chain still verifies."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import models, transaction

from kinhaven.core.erasure import erasure_hooks
from kinhaven.core.models import foreign_keys_to


def _rows_of(model: type[models.Model]) -> models.QuerySet[Any]:
    """A plain queryset: erasure under a retention rule is the one deletion that records kept
    unchanged otherwise (identification decisions) allow."""
    return models.QuerySet(model=model)


def _collect(root: models.Model) -> dict[type[models.Model], set[Any]]:
    """Every row that refers, directly or through others, to the root row."""
    rows: dict[type[models.Model], set[Any]] = defaultdict(set)
    rows[type(root)].add(root.pk)
    queue: list[tuple[type[models.Model], set[Any]]] = [(type(root), {root.pk})]
    while queue:
        model, pks = queue.pop()
        for referrer, field in foreign_keys_to(model):
            if referrer._meta.app_label == "audit":
                continue
            found = set(
                _rows_of(referrer).filter(**{f"{field.name}__in": pks}).values_list("pk", flat=True)
            )
            new = found - rows[referrer]
            if new:
                rows[referrer] |= new
                queue.append((referrer, new))
    return rows


def _order(
    models_: list[type[models.Model]], *, nullable: bool = True
) -> tuple[list[type[models.Model]], list[type[models.Model]]]:
    """Referrers before what they refer to; returns the order and the models left in a cycle.
    Without `nullable`, links that may be empty are not counted (they are cut first)."""
    inside = set(models_)
    waits: dict[type[models.Model], set[type[models.Model]]] = {m: set() for m in models_}
    for model in models_:
        for field in model._meta.concrete_fields:
            target = getattr(field, "related_model", None)
            if not isinstance(field, models.ForeignKey) or target not in inside:
                continue
            if target is model or (field.null and not nullable):
                continue
            waits[target].add(model)  # the target goes after its referrer
    ordered: list[type[models.Model]] = []
    ready = [m for m in models_ if not waits[m]]
    while ready:
        model = ready.pop()
        ordered.append(model)
        for other, pending in waits.items():
            if model in pending:
                pending.discard(model)
                if not pending and other not in ordered and other not in ready:
                    ready.append(other)
    return ordered, [m for m in models_ if m not in ordered]


def _cut(rows: dict[type[models.Model], set[Any]], among: list[type[models.Model]]) -> None:
    """Empty the nullable links between rows to be erased (self-links, cycles)."""
    for model in among:
        for field in model._meta.concrete_fields:
            target = getattr(field, "related_model", None)
            if isinstance(field, models.ForeignKey) and field.null and target in rows:
                if target is model or target in among:
                    _rows_of(model).filter(
                        pk__in=rows[model], **{f"{field.name}__in": rows[target]}
                    ).update(**{field.name: None})


def _self_linked(model: type[models.Model]) -> bool:
    return any(
        isinstance(f, models.ForeignKey) and f.related_model is model
        for f in model._meta.concrete_fields
    )


@transaction.atomic
def erase(root: models.Model) -> dict[str, int]:
    """Delete the root row and every row that refers to it; return the count per table (and
    `files` for what the hooks removed). All or nothing."""
    rows = _collect(root)
    collected = list(rows)
    # A row linked to another of its own table (a merged record) is unlinked first.
    _cut(rows, [m for m in collected if _self_linked(m)])
    order, cycle = _order(collected)
    if cycle:
        # Tables that refer to each other: their nullable links are emptied, then ordered.
        _cut(rows, cycle)
        order, cycle = _order(collected, nullable=False)
        order += cycle
    counts: dict[str, int] = {}
    removers: list[Any] = []
    for model in order:
        queryset = _rows_of(model).filter(pk__in=rows[model])
        for hook in erasure_hooks(model):
            removers.extend(hook(list(queryset)))
        _total, per_model = queryset.delete()
        for label, n in per_model.items():
            counts[label.lower()] = counts.get(label.lower(), 0) + n
    counts["files"] = len(removers)
    # Files go once the rows are gone for good.
    transaction.on_commit(lambda: [remove() for remove in removers])
    return counts
