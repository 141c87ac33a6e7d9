"""Records of the database kept indexed in memory for matching as they are saved.

Building an index of a national registry takes a minute; a match against it, milliseconds. So
each process builds the index once and, at every search, indexes on the side the few records
changed since (scored with the large index's name frequencies), leaves their old versions out
of the large index's answers, and rebuilds when the side grows large.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import islice
from typing import Any

import numpy as np
from django.db.models import QuerySet
from django.utils import timezone

from kinhaven.children.enums import Tracing
from kinhaven.children.models import Child, ChildAlias, IdentityDocument
from kinhaven.tracing.engine.compare import FloatArray
from kinhaven.tracing.engine.matcher import Registry, exclusive
from kinhaven.tracing.engine.model import Model
from kinhaven.tracing.engine.normalize import Norm, Record, normalize
from kinhaven.tracing.enums import RequestStatus
from kinhaven.tracing.explain import current_model
from kinhaven.tracing.models import TracingRequest

REBUILD_AFTER = 1000  # changed records indexed on the side before the index is built again
# A record saved by a transaction that began before a build may commit after it: what changed
# this long before a build is looked at again.
OVERLAP = dt.timedelta(minutes=10)


CHUNK = 5000  # children read, with their aliases and documents, per round of queries


def child_records(children: Iterable[Child]) -> list[Norm]:
    """Children as the engine's records, their aliases and documents read in two queries per
    CHUNK children."""
    out: list[Norm] = []
    rows = iter(children)
    while chunk := list(islice(rows, CHUNK)):
        out += _child_chunk(chunk)
    return out


def _child_chunk(rows: list[Child]) -> list[Norm]:
    ids = [c.pk for c in rows]
    aliases: dict[int, list[str]] = {}
    for child_id, name, latin in ChildAlias.objects.filter(child_id__in=ids).values_list(
        "child_id", "name", "name_latin"
    ):
        aliases.setdefault(child_id, []).extend({name, latin} - {""})
    documents: dict[int, str] = {}
    for child_id, number in IdentityDocument.objects.filter(child_id__in=ids).values_list(
        "child_id", "number"
    ):
        documents.setdefault(child_id, number)
    out = []
    for c in rows:
        latin_names = [
            n
            for n in (c.given_name_latin, c.family_name_latin)
            if n and n not in (c.given_name, c.family_name)
        ]
        record: Record = {
            "id": str(c.pk),
            "given_name": c.given_name or c.given_name_latin,
            "family_name": c.family_name or c.family_name_latin,
            "other_names": ";".join([*latin_names, *aliases.get(c.pk, [])]),
            "sex": c.sex if c.sex in ("F", "M") else "",
            "date_of_birth": str(c.date_of_birth or ""),
            "age": "" if c.age_estimate_years is None else str(c.age_estimate_years),
            "recorded_on": c.age_estimated_on.isoformat() if c.age_estimated_on else "",
            "nationality": c.nationality,
            "place_of_birth": c.place_of_birth,
            "mother_name": c.mother_name,
            "father_name": c.father_name,
            "document_number": documents.get(c.pk, ""),
            "languages": ";".join(c.languages),
        }
        out.append(normalize(record))
    return out


def request_records(requests: Iterable[TracingRequest]) -> list[Norm]:
    """Tracing requests as the engine's records: the child each one seeks."""
    out = []
    for r in requests:
        record: Record = {
            "id": str(r.pk),
            "given_name": r.given_name,
            "family_name": r.family_name,
            "other_names": ";".join(r.other_names),
            "sex": r.sex if r.sex in ("F", "M") else "",
            "date_of_birth": r.date_of_birth or "",
            "age": "" if r.age_estimate_years is None else str(r.age_estimate_years),
            "recorded_on": r.created_at.date().isoformat() if r.created_at else "",
            "nationality": r.nationality,
            "place_of_birth": r.place_of_birth,
            "mother_name": r.mother_name,
            "father_name": r.father_name,
            "document_number": r.document_number,
            "languages": ";".join(r.languages),
        }
        out.append(normalize(record))
    return out


@dataclass
class Found:
    pk: int
    score: float
    x: FloatArray


@dataclass
class _Built:
    registry: Registry | None
    since: dt.datetime
    # The side index of the records changed since, and what it was built from.
    side: Registry | None = None
    side_key: tuple[int, str] | None = None


class LiveIndex:
    """The records of one scope (a queryset), indexed in this process and kept current."""

    def __init__(
        self,
        name: str,
        *,
        everything: Callable[[], QuerySet[Any]],
        scope: Callable[[QuerySet[Any]], QuerySet[Any]],
        records: Callable[[Iterable[Any]], list[Norm]],
        pairs_of_records: bool = False,
        one_per_child: bool = False,
    ) -> None:
        """`pairs_of_records`: the index answers whether two records of the registry are one
        child (duplicates), not whether a query's child is registered (tracing).
        `one_per_child`: a child has one record in it (merged records are out), so a query's
        look-alikes share the odds of being its child (matcher.exclusive)."""
        self.name = name
        self.pairs_of_records = pairs_of_records
        self.one_per_child = one_per_child
        self.everything, self.scope, self.records = everything, scope, records
        self.lock = threading.Lock()
        self.built: _Built | None = None

    def _model(self, size: int) -> Model:
        """The model for a registry of `size` records."""
        model = current_model()
        return model.for_records(size) if self.pairs_of_records else model

    def forget(self) -> None:
        with self.lock:
            self.built = None

    def _build(self) -> _Built:
        since = timezone.now() - OVERLAP
        rows = self.records(self.scope(self.everything()).iterator(chunk_size=CHUNK))
        return _Built(Registry(rows, model=self._model(len(rows))) if rows else None, since)

    def search(self, record: Norm, *, top: int, exclude: Iterable[int] = ()) -> list[Found]:
        """The best `top` records in scope for one record, with probabilities."""
        skip = {str(pk) for pk in exclude}
        with self.lock:
            if self.built is None:
                self.built = self._build()
            changed = self._changed(self.built)
            if len(changed) > REBUILD_AFTER:
                self.built = self._build()
                changed = self._changed(self.built)
            main = self.built.registry
            found: list[Found] = []
            stale = {str(pk) for pk in changed} | skip
            if main is not None:
                for rid, score, x in main.explained(record, top=top + len(stale)):
                    if rid not in stale:
                        found.append(Found(int(rid), score, x))
            side = self._side(self.built, changed)
            if side is not None:
                found += [
                    Found(int(rid), s, x)
                    for rid, s, x in side.explained(record, top=top + len(skip))
                    if rid not in skip
                ]
        if self.one_per_child and found:
            scores = exclusive(
                np.array([f.score for f in found], dtype=np.float32), np.zeros(len(found), int)
            )
            found = [Found(f.pk, float(p), f.x) for f, p in zip(found, scores, strict=True)]
        found.sort(key=lambda f: -f.score)
        return found[:top]

    def _changed(self, built: _Built) -> dict[int, dt.datetime]:
        """The records changed since the build, with when."""
        rows = self.everything().filter(updated_at__gte=built.since)
        return dict(rows.values_list("pk", "updated_at"))

    def _side(self, built: _Built, changed: dict[int, dt.datetime]) -> Registry | None:
        """The side index of the changed records in scope, built again only when they change."""
        if not changed:
            return None
        key = (len(changed), max(changed.values()).isoformat())
        if built.side_key != key:
            qs = self.everything().filter(pk__in=list(changed))
            fresh = self.records(self.scope(qs))
            main = built.registry
            built.side = None
            if fresh:
                built.side = (
                    Registry(fresh, weights_from=main)
                    if main is not None
                    else Registry(fresh, model=self._model(len(fresh)))
                )
            built.side_key = key
        return built.side


def _children() -> QuerySet[Child]:
    return Child.objects.all()


def _requests() -> QuerySet[TracingRequest]:
    return TracingRequest.objects.all()


# Every record of a child, for duplicates; children whose record allows tracing, for requests;
# open tracing requests, for children as they are registered.
ALL_CHILDREN = LiveIndex(
    "children",
    everything=_children,
    scope=lambda qs: qs.filter(merged_into__isnull=True),
    records=child_records,
    pairs_of_records=True,
)
TRACEABLE_CHILDREN = LiveIndex(
    "traceable",
    everything=_children,
    scope=lambda qs: qs.filter(merged_into__isnull=True, tracing=Tracing.ALLOWED),
    records=child_records,
    one_per_child=True,
)
OPEN_REQUESTS = LiveIndex(
    "requests",
    everything=_requests,
    scope=lambda qs: qs.filter(status=RequestStatus.OPEN),
    records=request_records,
)
INDEXES = (ALL_CHILDREN, TRACEABLE_CHILDREN, OPEN_REQUESTS)


def tracing_indexes_forget() -> None:
    """Drop the indexes of this process; the next search builds them again."""
    for index in INDEXES:
        index.forget()
