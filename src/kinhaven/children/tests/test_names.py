import pytest

from kinhaven.children.names import search_keys, search_patterns, search_terms, to_latin


def _matches(query: str, name: str) -> bool:
    terms = search_terms(search_keys([name, to_latin(name)]))
    return all(any(p in terms for p in pieces) for pieces in search_patterns(query))


def test_to_latin_transliterates_scripts() -> None:
    assert to_latin("Юлия  Иванова") == "Yuliya Ivanova"
    assert to_latin("Ölçü") == "Olcu"


@pytest.mark.parametrize("spelling", ["Yulia", "Iuliia", "Julija", "Ioulia", "Юлия", "yuli"])
def test_latin_spellings_find_cyrillic_name(spelling: str) -> None:
    assert _matches(spelling, "Юлия")


@pytest.mark.parametrize("spelling", ["Mohammed", "Muhammad", "Mohamed"])
def test_vowel_variants_find_arabic_name(spelling: str) -> None:
    assert _matches(spelling, "محمد")


@pytest.mark.parametrize(("query", "name"), [("Olena", "Юлия"), ("Ahmad", "Youssef")])
def test_different_names_do_not_match(query: str, name: str) -> None:
    assert not _matches(query, name)


def test_empty_names_give_no_keys() -> None:
    assert search_keys(["", "  "]) == ""


def _found_in(query: str, names: list[str]) -> bool:
    terms = search_terms(search_keys(names))
    return all(any(p in terms for p in pieces) for pieces in search_patterns(query))


@pytest.mark.parametrize("query", ["Nour al-Huda", "نور الهدى", "Nur al-Huda"])
def test_nur_with_a_name_after_it_finds_the_one_given_name(query: str) -> None:
    assert _found_in(query, ["نور الهدى", to_latin("نور الهدى")])


@pytest.mark.parametrize("query", ["Nour al-Halabi", "نور الحلبي", "Nur Halabi"])
def test_nur_with_a_name_after_it_finds_a_given_and_a_family_name(query: str) -> None:
    assert _found_in(query, ["نور", "الحلبي", "Nour", "al-Halabi"])


def test_nur_with_a_family_name_does_not_find_another_family() -> None:
    assert not _found_in("Nour al-Halabi", ["Nour", "Haddad"])
    assert not _found_in("Nour al-Huda", ["Nour", "Haddad"])
