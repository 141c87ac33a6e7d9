"""A child's name on a page, each script in its own direction: a name in Arabic script beside
its Latin form must not run the parentheses and the Latin words into the right-to-left text
("Samer) سامر الحلبي (al-Halbi"). Each part is isolated (<bdi>), as the Unicode bidirectional
algorithm asks for text of unknown direction set in a page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def child_name(child: Any) -> SafeString | str:
    """The name in the record's script, then its Latin form in parentheses where it differs
    (Child.name_parts); "" where the record has no name, so that `|default:` applies."""
    if child is None:
        return ""
    if isinstance(child, str):
        return format_html("<bdi>{}</bdi>", child) if child else ""
    name, latin = child.name_parts
    if latin:
        return format_html("<bdi>{}</bdi> (<bdi>{}</bdi>)", name, latin)
    return format_html("<bdi>{}</bdi>", name) if name else ""
