"""The language switcher in the page's header: the staff languages, or on a page the public reads
(`@public_languages`) every public language, each by its own name."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from kinhaven.core.languages import language_choices, public_languages_all, staff_languages

register = template.Library()


@register.inclusion_tag("web/language_switcher.html", takes_context=True)
def language_switcher(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    public = bool(getattr(request, "kinhaven_public_page", False))
    codes = public_languages_all() if public else staff_languages()
    return {
        "languages": language_choices(codes),
        "current": get_language(),
        "public": public,
        "next": request.get_full_path() if request is not None else "/",
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def public_language_choices() -> list[tuple[str, str]]:
    """Every language the public and children read, each by its own name."""
    return language_choices(public_languages_all())
