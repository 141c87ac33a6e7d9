"""The name search lookup: a word of a query against a child's stored search text.

`search_keys__name_word=("karimi", "~krm")` holds when any of the word's terms (children.names
`search_patterns`) is among the child's terms (`search_terms`). On PostgreSQL it reads the GIN
index of `kinhaven_name_terms(search_keys)` (migration children 0007), one index lookup per
term; elsewhere it is a LIKE over the stored text.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Lookup
from django.db.models.sql.compiler import SQLCompiler


class NameWord(Lookup[str]):
    lookup_name = "name_word"
    prepare_rhs = False
    can_use_none_as_rhs = False

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, list[Any]]:
        lhs, params = self.process_lhs(compiler, connection)
        like = connection.operators["contains"] % "%s"
        clauses: list[str] = []
        for term in self.rhs:
            # A key is found by its start, a skeleton only whole: " ~krm ".
            escaped = connection.ops.prep_for_like_query(term)
            end = " %" if term.startswith("~") else "%"
            clauses.append(f"{lhs} {like}")
            params = [*params, f"% {escaped}{end}"]
        return "(" + " OR ".join(clauses) + ")", list(params)

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, list[Any]]:
        lhs, params = self.process_lhs(compiler, connection)
        return f"kinhaven_name_terms({lhs}) && %s::text[]", [*params, list(self.rhs)]
