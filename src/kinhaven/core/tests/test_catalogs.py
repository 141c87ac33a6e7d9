"""The translation catalogs: the completeness check, compiling, and the unmarked-string finder."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import translation

from kinhaven.core.catalogs import Languages, catalogs_check, catalogs_compile
from kinhaven.core.markers import python_unmarked, template_unmarked, unmarked_strings

HEADER = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: fr\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

"""


def _package(tmp_path: Path, catalog: str) -> Path:
    package = tmp_path / "pkg"
    (package / "templates").mkdir(parents=True)
    (package / "templates" / "page.html").write_text(
        '{% load i18n %}<h1>{% translate "Hello there" %}</h1>\n'
        "{% blocktranslate count n=n %}One child{% plural %}{{ n }} children"
        "{% endblocktranslate %}\n"
    )
    (package / "locale" / "fr" / "LC_MESSAGES").mkdir(parents=True)
    (package / "locale" / "fr" / "LC_MESSAGES" / "django.po").write_text(HEADER + catalog)
    return package


FRENCH = Languages(staff=("fr",), public=())
PLURAL = (
    'msgid "One child"\nmsgid_plural "%(n)s children"\n'
    'msgstr[0] "Un enfant"\nmsgstr[1] "%(n)s enfants"\n\n'
)


def test_a_string_missing_from_a_staff_catalog_fails_the_check(tmp_path: Path) -> None:
    package = _package(tmp_path, PLURAL)
    problems = catalogs_check(package, FRENCH)
    assert any("fr: 1 marked strings are not in the catalog" in p for p in problems), problems


def test_an_untranslated_string_fails_the_check(tmp_path: Path) -> None:
    package = _package(tmp_path, 'msgid "Hello there"\nmsgstr ""\n\n' + PLURAL)
    problems = catalogs_check(package, FRENCH)
    assert problems == ["fr: 1 strings untranslated or fuzzy, e.g. 'Hello there'"]


def test_a_fuzzy_or_short_plural_translation_fails_the_check(tmp_path: Path) -> None:
    fuzzy = '#, fuzzy\nmsgid "Hello there"\nmsgstr "Bonjour"\n\n'
    short = (
        'msgid "One child"\nmsgid_plural "%(n)s children"\nmsgstr[0] "Un enfant"\nmsgstr[1] ""\n\n'
    )
    problems = catalogs_check(_package(tmp_path, fuzzy + short), FRENCH)
    assert problems == ["fr: 2 strings untranslated or fuzzy, e.g. 'Hello there'"]


def test_a_complete_catalog_passes_and_compiles(tmp_path: Path) -> None:
    package = _package(tmp_path, 'msgid "Hello there"\nmsgstr "Bonjour"\n\n' + PLURAL)
    assert catalogs_check(package, FRENCH) == []
    assert catalogs_compile(package / "locale") == 1
    assert (package / "locale" / "fr" / "LC_MESSAGES" / "django.mo").stat().st_size > 0


def test_a_public_language_needs_only_the_public_pages_strings(tmp_path: Path) -> None:
    package = _package(tmp_path, 'msgid "Hello there"\nmsgstr ""\n\n' + PLURAL)
    languages = Languages(staff=(), public=("fr",))
    # The template is not a public source: its untranslated string is allowed...
    problems = catalogs_check(package, languages, public_sources=frozenset())
    assert not any("untranslated" in p for p in problems), problems
    # ...until it is one.
    public = frozenset({"templates/page.html"})
    problems = catalogs_check(package, languages, public_sources=public)
    assert any("untranslated" in p for p in problems), problems


def test_the_finder_sees_unmarked_text_and_attributes_in_templates() -> None:
    found = template_unmarked(
        '{% load i18n %}<p title="Open the file">{% translate "Fine" %}</p>\n'
        "<h2>Case notes</h2>{# a comment #}{% comment %}Not shown{% endcomment %}\n"
        '<a href="{% url "x" %}" aria-label="{% translate "Fine" %}">{{ name }} · 3</a>\n'
        "{% blocktranslate %}Also fine {{ x }}{% endblocktranslate %}"
        "<script>var a = 'code';</script>"
    )
    assert found == [(1, "Open the file"), (2, "Case notes")]


def test_the_finder_sees_unmarked_labels_choices_and_errors_in_python() -> None:
    source = (
        "class Colour(models.TextChoices):\n"
        '    RED = "red", "Red"\n'
        '    BLUE = "blue", _("Blue")\n'
        'f = forms.CharField(label="Name", help_text=_("Fine"))\n'
        'raise ApplicationError(ErrorCode.INVALID, f"Bad {x}")\n'
        'raise ValidationError("HTCDS")\n'
    )
    assert python_unmarked(source) == [(2, "Red"), (4, "Name"), (5, "Bad ")]


def test_every_user_facing_string_of_the_package_is_marked() -> None:
    assert [str(u) for u in unmarked_strings()] == []


@pytest.mark.parametrize("language", ["fr", "de", "ru", "uk", "ar"])
def test_each_staff_language_is_compiled_and_speaks(language: str) -> None:
    with translation.override(language):
        assert translation.gettext("Wrong username, password or code.") != (
            "Wrong username, password or code."
        )
