"""Countries and languages are offered and shown by name in the reader's language; the values
stay ISO codes."""

from __future__ import annotations

from django import forms
from django.template import Context, Template
from django.test.html import parse_html
from django.utils import translation

from kinhaven.core.locale_names import (
    CountryField,
    LanguageField,
    LanguagesField,
    country_choices,
    language_choices,
    sort_key,
)


class _Form(forms.Form):
    nationality = CountryField(label="Nationality")
    language = LanguageField(label="Language", required=False)
    languages = LanguagesField(label="Languages")


def _render(text: str, **context: object) -> str:
    return Template("{% load locale_names %}" + text).render(Context(context))


def test_countries_are_named_in_the_active_language_and_sorted_by_name() -> None:
    with translation.override("en"):
        english = dict(country_choices())
        order = [str(label) for code, label in country_choices() if code and code[:2] != "XX"]
    with translation.override("ru"):
        russian = dict(country_choices())
        order_ru = [label for code, label in country_choices() if code in {"UKR", "AUT", "DEU"}]
    assert english["UKR"] == "Ukraine"
    assert russian["UKR"] == "Украина"
    assert english["XXA"] == "Stateless person"
    # Sorted by name, accents aside: Åland sits with the A's, between Afghanistan and Albania.
    assert order == sorted(order, key=sort_key)
    assert order.index("Afghanistan") < order.index("Åland Islands") < order.index("Albania")
    assert order_ru == ["Австрия", "Германия", "Украина"]


def test_languages_are_named_in_the_active_language_and_sorted_by_name() -> None:
    with translation.override("en"):
        english = language_choices()
    with translation.override("ru"):
        russian = dict(language_choices())
    names = dict(english)
    assert (names["uk"], names["ru"], names["prs"]) == ("Ukrainian", "Russian", "Dari")
    assert [label for _code, label in english] == sorted(names.values(), key=sort_key)
    assert russian["uk"] == "Украинский"


def test_pages_show_names_not_codes_in_each_language() -> None:
    text = "{{ nationality|country }} · {{ languages|languages }} · {{ one|language }}"
    values = {"nationality": "UKR", "languages": ["uk", "ru"], "one": "prs"}
    with translation.override("en"):
        assert _render(text, **values) == "Ukraine · Ukrainian, Russian · Dari"
    with translation.override("ru"):
        assert _render(text, **values) == "Украина · Украинский, Русский · Дари"


def test_fields_take_and_give_codes_whatever_their_case() -> None:
    # A code is checked by the write's input model, in the API's words (children's view tests).
    form = _Form({"nationality": "ukr", "language": "UK", "languages": ["uk", "PRS"]})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"nationality": "UKR", "language": "uk", "languages": ["uk", "prs"]}


def test_a_stored_language_missing_from_the_list_stays_chosen() -> None:
    # "aae" (Arbëreshë Albanian) is ISO 639-3 but not in the list CLDR names.
    assert "aae" not in dict(language_choices())
    form = _Form(initial={"languages": ["uk", "aae"]})
    html = str(form["languages"])
    assert '<option value="aae" selected>' in html
    assert '<option value="uk" selected>Ukrainian</option>' in html
    assert _Form({"nationality": "", "languages": ["aae"]}).is_valid()


def test_the_long_selects_write_what_djangos_templates_write() -> None:
    """The countries and languages are written in one pass (core.locale_names); the markup is
    what Django's widget templates give, in every case a form shows them."""
    cases = [
        {},
        {"nationality": "XXA", "language": "uk", "languages": ["uk", "aae"]},
        {"nationality": "AUT", "language": "", "languages": []},
        {"nationality": "", "language": "aae", "languages": ["aae", "ar", "fa", "prs", "ps"]},
    ]
    for language in ("en", "ar"):
        with translation.override(language):
            for initial in cases:
                form = _Form(initial=initial, auto_id="id_%s")
                for name in ("nationality", "language", "languages"):
                    bound = form[name]
                    widget = bound.field.widget
                    value = bound.value()
                    attrs = bound.build_widget_attrs({"id": bound.auto_id})
                    ours = widget.render(bound.html_name, value, attrs)
                    theirs = forms.Widget.render(widget, bound.html_name, value, attrs)
                    assert parse_html(ours) == parse_html(theirs)
                    assert ours.count("<option") == theirs.count("<option") > 150
    # A name with markup in it is written as text.
    form = _Form()
    form.fields["nationality"].choices = [("", "—"), ("AAA", "<b>A & B</b>")]  # type: ignore[attr-defined]  # a ChoiceField
    assert '<option value="AAA">&lt;b&gt;A &amp; B&lt;/b&gt;</option>' in str(form["nationality"])
