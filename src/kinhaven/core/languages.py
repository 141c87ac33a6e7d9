"""The languages Kinhaven speaks: the staff interface's and, for what children and the public read,
more. A view whose page the public or a child reads is marked `@public_languages`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise, lazy
from django.utils.translation.trans_real import parse_accept_lang_header

View = TypeVar("View", bound=Callable[..., object])


def staff_languages() -> list[str]:
    return list(settings.KINHAVEN_STAFF_LANGUAGES)


def public_languages_all() -> list[str]:
    return list(settings.KINHAVEN_PUBLIC_LANGUAGES)


def language_choices(codes: list[str]) -> list[tuple[str, str]]:
    """Languages each by its own name (settings.LANGUAGES), as a switcher shows them."""
    names = dict(settings.LANGUAGES)
    return [(code, str(names.get(code, code))) for code in codes]


def public_languages(view: View) -> View:
    """Mark a view whose page is read by the public or a child: it speaks every public language;
    every other page speaks the staff languages."""
    view.public_languages = True  # type: ignore[attr-defined]
    return view


def best_match(accept_language: str, codes: list[str]) -> str | None:
    """The first of the browser's languages (Accept-Language, by weight) that is one of `codes`,
    a regional variant matching its language ("uk-UA" is "uk")."""
    for tag, _weight in parse_accept_lang_header(accept_language):
        tag = tag.lower()
        for candidate in (tag, tag.split("-")[0]):
            if candidate in codes:
                return candidate
    return None


def _percent(message: str | Promise, params: dict[str, object]) -> str:
    return str(message) % {key: str(value) for key, value in params.items()}


_lazy_percent = lazy(_percent, str)


def text_lazy(message: str | Promise, **params: object) -> str | Promise:
    """A marked message and its values, worded when shown: in the language active then, each
    value that is itself a marked string (an enum's label) too. For text written for someone else
    than the current reader, such as a notification worded in each recipient's language."""
    return _lazy_percent(message, params) if params else message


def page_in_language(
    request: HttpRequest, template_name: str, context: dict[str, object], language: str
) -> HttpResponse:
    """A page made for someone other than its reader (the sheet a child keeps, an alert for the
    public), written in their language whatever the reader's: the template gets `language` and
    `bidi`. Build the context inside `translation.override(language)` where it holds worded
    text. Never cached."""
    with translation.override(language):
        extra = {"language": language, "bidi": translation.get_language_bidi()}
        page = render_to_string(template_name, {**context, **extra}, request=request)
    response = HttpResponse(page)
    response["Cache-Control"] = "private, no-store"
    response["Content-Language"] = language
    return response
