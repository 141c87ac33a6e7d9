"""Countries and languages by their names in the reader's language, sorted as a reader expects.

Records keep ISO codes (ISO 3166-1 alpha-3 for countries, ISO 639-1 or 639-3 for languages) and
the API takes codes; people pick and read names. The names are CLDR's (Babel), in the active
language; a code CLDR does not name falls back to the ISO name (pycountry, with its own
translations where it has them). Lists are sorted by a key that ignores case and accents, so
that "Åland Islands" sits with the A's and "Österreich" with the O's; scripts other than Latin
keep their own alphabet's order.
"""

from __future__ import annotations

import functools
import gettext
import html
import unicodedata
from collections.abc import Iterable
from typing import Any

import pycountry
from babel import Locale, UnknownLocaleError
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kinhaven.core.validation import SPECIAL_NATIONALITY_CODES, language_lookup

# ICAO's codes for the stateless and refugees, which ISO 3166 does not have.
SPECIAL_NATIONALITY_LABELS: dict[str, Any] = {
    "XXA": _("Stateless person"),
    "XXB": _("Refugee (1951 Convention)"),
    "XXC": _("Refugee (other)"),
    "XXX": _("Unspecified nationality"),
}
assert set(SPECIAL_NATIONALITY_LABELS) == set(SPECIAL_NATIONALITY_CODES)  # noqa: S101

# ISO 639-3 codes that CLDR names only as a regional variety of another language.
_CLDR_VARIETY = {"prs": "fa_AF", "swc": "sw_CD"}


def sort_key(name: str) -> tuple[str, str]:
    """Order names without regard to case or accents ("é" with "e"), then exactly."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in folded if not unicodedata.combining(c)), name


def _locale(language: str | None = None) -> Locale:
    code = language or get_language() or "en"
    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale("en")


@functools.cache
def _iso_translation(domain: str, language: str) -> gettext.NullTranslations:
    return gettext.translation(
        domain, pycountry.LOCALES_DIR, languages=[language.split("-")[0]], fallback=True
    )


@functools.cache
def _country_names(language: str) -> dict[str, str]:
    territories = _locale(language).territories
    iso = _iso_translation("iso3166-1", language)
    names = {}
    for country in pycountry.countries:
        names[country.alpha_3] = territories.get(country.alpha_2) or iso.gettext(country.name)
    return names


@functools.cache
def _language_names(language: str) -> dict[str, str]:
    cldr = _locale(language).languages
    names = {code: name for code, name in cldr.items() if "_" not in code}
    for code, variety in _CLDR_VARIETY.items():
        if variety in cldr:
            names[code] = cldr[variety]
    # Every ISO 639-1 language, named by ISO where CLDR does not name it.
    iso = _iso_translation("iso639-3", language)
    for record in pycountry.languages:
        alpha_2: str = getattr(record, "alpha_2", "")
        if alpha_2 and alpha_2 not in names:
            names[alpha_2] = iso.gettext(record.name)
    return names


def _current() -> str:
    return get_language() or "en"


def country_name(code: str) -> str:
    """The country an alpha-3 code names, in the active language; the code if it names none."""
    if not code:
        return ""
    code = code.upper()
    if code in SPECIAL_NATIONALITY_LABELS:
        return str(SPECIAL_NATIONALITY_LABELS[code])
    return _country_names(_current()).get(code, code)


def language_name(code: str) -> str:
    """The language an ISO 639 code names, in the active language; the code if it names none."""
    if not code:
        return ""
    code = code.lower()
    name = _language_names(_current()).get(code)
    if name is None:
        record = language_lookup(code)
        if record is None:
            return code
        name = _iso_translation("iso639-3", _current()).gettext(record.name)
    return name[:1].upper() + name[1:]


@functools.cache
def _country_choices(language: str) -> tuple[tuple[str, str], ...]:
    names = _country_names(language)
    return tuple(sorted(names.items(), key=lambda item: sort_key(item[1])))


def country_choices() -> list[tuple[str, Any]]:
    """Choices of a nationality: unknown, ICAO's special codes, then every country by name in
    the active language."""
    special = [(code, str(label)) for code, label in SPECIAL_NATIONALITY_LABELS.items()]
    return [("", _("Unknown")), *special, *_country_choices(_current())]


def place_country_choices() -> list[tuple[str, Any]]:
    """Choices of a country as a place: unknown, then every country by name in the active
    language (ICAO's codes for persons name none)."""
    return [("", _("Unknown")), *_country_choices(_current())]


@functools.cache
def _language_choices(language: str) -> tuple[tuple[str, str], ...]:
    names = _language_names(language)
    named = [(code, name[:1].upper() + name[1:]) for code, name in names.items()]
    return tuple(sorted(named, key=lambda item: sort_key(item[1])))


def language_choices() -> list[tuple[str, str]]:
    """Every language CLDR names and every ISO 639-1 language, by name in the active language."""
    return list(_language_choices(_current()))


def language_names(codes: Iterable[str]) -> list[str]:
    """The names of languages, in the order given."""
    return [language_name(code) for code in codes if code]


class _OptionsWrittenAtOnce:
    """A select of hundreds of names whose options are written in one pass, not through a
    template for each option and another for its attributes, nor through Django's dictionary of
    each option (`optgroups`): a page with the countries and languages of a record renders in
    milliseconds rather than tens of them. The markup and the choice of selected options are
    Django's own; a grouped list is left to Django."""

    choices: Any
    allow_multiple_selected: bool
    checked_attribute: dict[str, Any]

    def listed(self, value: list[str]) -> list[tuple[Any, Any]]:
        """The choices shown where `value` (codes as text) is chosen."""
        return list(self.choices)

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> Any:
        # A widget's context without its options (Select's get_context builds them all).
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]  # type: ignore[arg-type]  # a Select is a Widget
        chosen = widget["value"]
        choices = self.listed(chosen)
        if any(isinstance(label, list | tuple) for _code, label in choices):
            return super().render(name, value, attrs, renderer)  # type: ignore[misc]  # a Select's method
        select_attrs = dict(widget["attrs"])
        if self.allow_multiple_selected:
            select_attrs["multiple"] = True
        wanted = set(chosen)
        selected_attribute = flatatt(self.checked_attribute)
        options = []
        found = False
        for code, label in choices:
            text = "" if code is None else str(code)
            # As Django's optgroups: a single select shows its first matching option chosen.
            selected = (not found or self.allow_multiple_selected) and text in wanted
            found |= selected
            options.append(
                f'<option value="{_escaped(text)}"{selected_attribute if selected else ""}>'
                f"{_escaped(label)}</option>"
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(select_attrs),
            mark_safe("".join(options)),  # noqa: S308  # nosec B308 B703  # every part escaped above
        )


def _escaped(text: Any) -> str:
    """Django's conditional_escape, without its wrappers for lazy text: a select escapes
    hundreds of names."""
    if hasattr(text, "__html__"):
        return str(text.__html__())
    return html.escape(str(text))


class _KeepsUnlistedValues:
    """A select that shows a stored code missing from its list (a rare ISO 639-3 language given
    through the API) as chosen, so that saving the form does not drop it. The fields take any
    code: the write's input model checks it, with the API's message."""

    choices: Any

    def listed(self, value: list[str]) -> list[tuple[Any, Any]]:
        choices = list(self.choices)
        return [*choices, *_unlisted(value, choices)]

    def optgroups(self, name: str, value: list[Any], attrs: Any = None) -> Any:
        choices = list(self.choices)
        extra = _unlisted(value, choices)
        if extra:
            self.choices = [*choices, *extra]
        return super().optgroups(name, value, attrs)  # type: ignore[misc]  # a Select's method


def _unlisted(value: list[Any], choices: list[tuple[Any, Any]]) -> list[tuple[str, str]]:
    """The chosen languages missing from the choices, with their names."""
    known = {str(code) for code, _label in choices}
    return [
        (str(code), language_name(str(code))) for code in value if code and str(code) not in known
    ]


class LanguageSelect(_KeepsUnlistedValues, _OptionsWrittenAtOnce, forms.Select):
    pass


class LanguageSelectMultiple(_KeepsUnlistedValues, _OptionsWrittenAtOnce, forms.SelectMultiple):
    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"size": 8, **(attrs or {})})


class LanguageField(forms.ChoiceField):
    """One language, picked by name; its value is the ISO 639 code."""

    widget = LanguageSelect

    def __init__(self, *, required: bool = True, **kwargs: Any) -> None:
        choices = language_choices_blank if not required else language_choices
        super().__init__(required=required, choices=choices, **kwargs)

    def to_python(self, value: Any) -> str:
        return str(super().to_python(value)).strip().lower()

    def valid_value(self, value: Any) -> bool:
        # The input model checks the code, in the API's words.
        return True


def language_choices_blank() -> list[tuple[str, Any]]:
    return [("", "—"), *language_choices()]


class LanguagesField(forms.MultipleChoiceField):
    """Several languages, picked by name; its value is the list of ISO 639 codes."""

    widget = LanguageSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("Choose one or more; hold Ctrl (or ⌘) to choose several."))
        super().__init__(choices=language_choices, **kwargs)

    def to_python(self, value: Any) -> list[str]:
        return [code.strip().lower() for code in super().to_python(value)]

    def valid_value(self, value: Any) -> bool:
        # The input model checks the code, in the API's words.
        return True


class CountrySelect(_OptionsWrittenAtOnce, forms.Select):
    pass


class CountryField(forms.ChoiceField):
    """A nationality or, not `persons`, a country as a place, picked by name; its value is the
    ISO 3166-1 alpha-3 code (for a nationality, or one of ICAO's codes for persons)."""

    widget = CountrySelect

    def __init__(self, *, required: bool = False, persons: bool = True, **kwargs: Any) -> None:
        choices = country_choices if persons else place_country_choices
        super().__init__(required=required, choices=choices, **kwargs)

    def to_python(self, value: Any) -> str:
        return str(super().to_python(value)).strip().upper()

    def valid_value(self, value: Any) -> bool:
        # The input model checks the code, in the API's words.
        return True
