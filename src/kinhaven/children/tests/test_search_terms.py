"""A child's search terms: every start of each name key and each whole skeleton. PostgreSQL
computes them in SQL for its index (migration children 0007); they must be the same terms."""

import pytest
from django.db import connection

from kinhaven.children.models import Child
from kinhaven.children.names import search_keys, search_patterns, search_terms, to_latin
from kinhaven.children.selectors import name_search_q

NAMES = [
    ["محمد", "الحسيني"],
    ["Юлия", "Ковальчук"],
    ["Abdul Rahman", "Ould Mohamed"],
    ["Ali", "Nouri", "علی نوری"],
    ["Ngozi", "Okafor-Eze"],
    [],
]


def test_terms_are_the_starts_of_keys_and_whole_skeletons() -> None:
    assert search_terms(" alhasan salih ~hsn ~sl ") == {
        "a", "al", "alh", "alha", "alhas", "alhasa", "alhasan",
        "s", "sa", "sal", "sali", "salih", "~hsn", "~sl",
    }  # fmt: skip
    assert search_terms("") == frozenset()


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the SQL function is PostgreSQL's")
@pytest.mark.parametrize("names", NAMES)
def test_sql_terms_are_the_same_as_python(names: list[str]) -> None:
    keys = search_keys([*names, *(to_latin(n) for n in names)])
    with connection.cursor() as cursor:
        cursor.execute("SELECT kinhaven_name_terms(%s)", [keys])
        (terms,) = cursor.fetchone()
    assert set(terms) == search_terms(keys)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index is PostgreSQL's")
def test_name_search_reads_the_terms_index() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = Child.objects.filter(name_search_q("Fatima Karimi")).explain()
    assert "children_child_terms" in plan


def test_a_word_is_found_by_its_start_or_its_skeleton() -> None:
    terms = search_terms(search_keys(["Ковальчук", to_latin("Ковальчук")]))
    (kov,) = search_patterns("Kov")
    assert kov[0] == "kov"
    assert kov[0] in terms
    (mohammed,) = search_patterns("Mohammed")
    terms = search_terms(search_keys(["محمد"]))
    assert mohammed[0] not in terms  # not written so: found by its skeleton alone
    assert mohammed[1] == "~mhmt"
    assert mohammed[1] in terms
