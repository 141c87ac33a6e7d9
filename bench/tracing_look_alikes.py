"""How many queries about registered children have a registered look-alike the records cannot tell
from their own child, by the generator's truth.

    .venv/bin/python bench/tracing_look_alikes.py [--profile field] [--registry 100000]
        [--queries 5000] [--seed 2017]

A look-alike is another registered child of the same origin, sex, given name and second given
name whose true father, mother, place of birth, family name (or, without one, grandfather and
clan), document and languages are the child's own wherever a record writes that field down,
and whose birth date is within what the query's date allows (a full date: the same day and
month, the year within two; a year or a placeholder: the year within two; an age: within
three). Counted twice: with the fields the query writes down, and with those the query and
both registered records write down. Prints how many queries have a look-alike and the recall@1
of a choice at random among each query's child and its look-alikes.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from kinhaven.tracing.engine.synth import PROFILES, Child, Person, linkage_scenario

Row = dict[str, str]


def _spellings(person: Person | None) -> tuple[str, ...] | None:
    return None if person is None else person.spellings


def _born_alike(query: Row, child: Child, other: Child) -> bool:
    years = abs(child.birth.year - other.birth.year)
    date = query["date_of_birth"]
    if len(date) == 10 and not date.endswith("-01-01"):
        same_day = (child.birth.month, child.birth.day) == (other.birth.month, other.birth.day)
        return same_day and years <= 2
    if date:
        return years <= 2
    if query["age"]:
        return years <= 3
    return True


def _written(name: str, rows: tuple[Row, ...]) -> bool:
    """Whether every one of `rows` writes the field down (the date of birth: a date or an age)."""
    if name == "date_of_birth":
        return all(r["date_of_birth"] or r["age"] for r in rows)
    return all(r[name] for r in rows)


def _alike(query: Row, child: Child, other: Child, rows: tuple[Row, ...]) -> bool:
    """Whether nothing that every one of `rows` writes down tells `other` from `child`."""
    same = {
        "father_name": _spellings(other.father) == _spellings(child.father),
        "mother_name": _spellings(other.mother) == _spellings(child.mother),
        "place_of_birth": _spellings(other.place) == _spellings(child.place),
        "document_number": other.document == child.document,
        "languages": set(other.languages) == set(child.languages),
    }
    if any(_written(name, rows) and not agree for name, agree in same.items()):
        return False
    if _written("family_name", rows):
        if other.chain != child.chain:
            return False
        kin = (_spellings(other.grandfather), _spellings(other.clan))
        if child.chain and kin != (_spellings(child.grandfather), _spellings(child.clan)):
            return False
        if not child.chain and _spellings(other.family) != _spellings(child.family):
            return False
    return not _written("date_of_birth", rows) or _born_alike(query, child, other)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profile", default="field", choices=sorted(PROFILES))
    parser.add_argument("--registry", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=2017)
    args = parser.parse_args()
    scenario = linkage_scenario(args.registry, args.queries, seed=args.seed, profile=args.profile)
    record = {row["id"]: row for row in scenario.registry}
    rid_of = {scenario.children[rid].key: rid for rid in record}
    namesakes: dict[tuple[str, object, str, object], list[Child]] = defaultdict(list)
    for rid in record:
        c = scenario.children[rid]
        namesakes[(c.origin.code, _spellings(c.given), c.sex, _spellings(c.middle))].append(c)
    print(f"profile {args.profile}, seed {args.seed}, {args.registry:,} registered")
    for label, both in (("the query writes down", False), ("the query and both records", True)):
        found, with_look_alike, asked = 0.0, 0, 0
        for query in scenario.queries:
            true = scenario.truth[query["id"]]
            if true is None:
                continue
            asked += 1
            child = scenario.children[query["id"]]
            key = (child.origin.code, _spellings(child.given), child.sex, _spellings(child.middle))
            look_alikes = 0
            for other in namesakes[key]:
                if other.key == child.key:
                    continue
                rows = (query, record[true], record[rid_of[other.key]]) if both else (query,)
                look_alikes += _alike(query, child, other, rows)
            with_look_alike += look_alikes > 0
            found += 1 / (look_alikes + 1)
        print(f"fields {label}: {with_look_alike:,} of {asked:,} queries "
              f"({with_look_alike / asked:.1%}) have a look-alike; a choice at random among "
              f"them finds {found / asked:.3f} first")  # fmt: skip


if __name__ == "__main__":
    main()
