"""Names typed in Latin letters find records written in Arabic, Persian or Cyrillic script,
through the API and the web search alike; Arabic-script names read in Latin letters."""

import importlib
from pathlib import Path

import pytest
from django.apps import apps

from kinhaven.children.models import Child
from kinhaven.children.names import name_keys, name_skeleton, to_latin
from kinhaven.children.schemas import ChildIn
from kinhaven.children.services import child_register
from kinhaven.conftest import web_client

pytestmark = pytest.mark.django_db

# Names as the demo data and the tracing engine's pools write them, in their own scripts.
RECORDS = {
    "husseini": {"given_name": "محمد", "family_name": "الحسيني"},
    "nur": {"given_name": "نور", "family_name": "الحلبي"},
    "nouri": {"given_name": "علی", "family_name": "نوری"},  # Persian letters
    "ahmad": {"given_name": "خالد", "family_name": "الأحمد"},
    "khatib": {"given_name": "سارة", "family_name": "الخطيب"},
    "karimi": {"given_name": "فاطمه", "family_name": "کریمی"},
    "kovalchuk": {"given_name": "Юлия", "family_name": "Ковальчук"},
    # Another girl of the same given name, which a Kovalchuk search must not find.
    "kovalenko": {"given_name": "Юлия", "family_name": "Коваленко"},
}
SEARCHES = [
    ("Mohammed al-Husseini", "husseini"),
    ("Noor", "nur"),
    ("Nur", "nur"),
    # A given name and a family name with its article, as a person types them in either script.
    ("نور الحلبي", "nur"),
    ("Nour al-Halabi", "nur"),
    ("Ali Nouri", "nouri"),
    ("Khaled Ahmad", "ahmad"),
    ("Khatib", "khatib"),
    ("Fatima Karimi", "karimi"),
    ("Yuliia Kovalchuk", "kovalchuk"),
]


@pytest.fixture
def children(world) -> dict[str, str]:
    return {
        key: str(
            child_register(actor=world.caseworker, data=ChildIn.model_validate(data)).public_id
        )
        for key, data in RECORDS.items()
    }


@pytest.mark.parametrize(("query", "record"), SEARCHES)
def test_latin_query_finds_record_in_its_own_script(world, api, children, query, record) -> None:
    found = [c["id"] for c in api("caseworker").get("/api/v1/children", q=query).json()["items"]]
    assert children[record] in found
    page = web_client(world.caseworker).post(
        "/children/", {"q": query}, headers={"HX-Request": "true"}
    )
    assert children[record] in page.content.decode()


def test_search_tells_similar_names_apart(world, api, children) -> None:
    client = api("caseworker")
    found = [c["id"] for c in client.get("/api/v1/children", q="Yuliia Kovalchuk").json()["items"]]
    assert found == [children["kovalchuk"]]
    found = [c["id"] for c in client.get("/api/v1/children", q="Fatima Karimi").json()["items"]]
    assert found == [children["karimi"]]
    # A one-letter skeleton finds no one: Ali is not Yulia, Leila or Nur.
    found = [c["id"] for c in client.get("/api/v1/children", q="Ali").json()["items"]]
    assert found == [children["nouri"]]


def test_search_is_scoped_to_the_callers_records(world, api, children) -> None:
    found = api("caseworker2").get("/api/v1/children", q="Mohammed al-Husseini").json()
    assert found["count"] == 0


@pytest.mark.parametrize(
    ("name", "latin"),
    [
        ("محمد الحسيني", "Mohamed al-Hosseini"),
        ("علی نوری", "Ali Nuri"),
        ("فاطمه کریمی", "Fatima Karimi"),
        ("خالد الأحمد", "Khaled al-Ahmed"),
        ("عبد الرحمن", "Abdulrahman"),
        # Not in the table: spelled by rule, short vowels guessed.
        ("شبنم", "Shabnam"),
        ("جاويد", "Jawid"),
        # Other scripts as before.
        ("Юлия Ковальчук", "Yuliya Koval'chuk"),
        ("Lăcătuș", "Lacatus"),
    ],
)
def test_display_form_is_readable(name, latin) -> None:
    assert to_latin(name) == latin


def test_registered_arabic_name_gets_readable_latin_form(world, api) -> None:
    created = api("caseworker").post("/api/v1/children", RECORDS["husseini"]).json()
    assert (created["given_name_latin"], created["family_name_latin"]) == (
        "Mohamed",
        "al-Hosseini",
    )
    child = Child.objects.get(public_id=created["id"])
    assert child.display_name == "محمد الحسيني (Mohamed al-Hosseini)"


def _table() -> list[tuple[str, str]]:
    path = Path(__file__).resolve().parents[1] / "arabic_names.tsv"
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
    return [(row[0], row[1]) for row in rows if row[0] and not row[0].startswith("#")]


def test_table_spells_its_names_and_agrees_with_the_matcher() -> None:
    table = _table()
    assert len(table) > 400
    for arabic, latin in table:
        assert to_latin(arabic).lower() in (latin, "al-" + latin), arabic
        # The derivation kept only spellings with the consonants of the Arabic, as the
        # matcher reads them (docs/names.md).
        assert [name_skeleton(k) for k in name_keys(latin)] == [
            name_skeleton(k) for k in name_keys(arabic)
        ], arabic


def test_migration_rebuilds_keys_and_letter_by_letter_latin_forms(world, api) -> None:
    typed = child_register(
        actor=world.caseworker,
        data=ChildIn.model_validate(
            {"given_name": "نور", "given_name_latin": "Noor Jahan", "family_name": "کریمی"}
        ),
    )
    old = child_register(actor=world.caseworker, data=ChildIn.model_validate(RECORDS["husseini"]))
    # As records were stored before: letter-by-letter Latin forms, keys of the old rules.
    Child.objects.filter(pk=old.pk).update(
        given_name_latin="mhmd", family_name_latin="lhsyny", search_keys=" mhmd ~mhmd "
    )
    Child.objects.filter(pk=typed.pk).update(family_name_latin="krymy", search_keys="")
    migration = importlib.import_module("kinhaven.children.migrations.0005_rebuild_search_keys")
    migration.rebuild(apps, None)
    old.refresh_from_db()
    typed.refresh_from_db()
    assert (old.given_name_latin, old.family_name_latin) == ("Mohamed", "al-Hosseini")
    assert (typed.given_name_latin, typed.family_name_latin) == ("Noor Jahan", "Karimi")
    found = api("caseworker").get("/api/v1/children", q="Mohammed Husseini").json()["items"]
    assert [c["id"] for c in found] == [str(old.public_id)]
    found = api("caseworker").get("/api/v1/children", q="Noor Karimi").json()["items"]
    assert [c["id"] for c in found] == [str(typed.public_id)]
