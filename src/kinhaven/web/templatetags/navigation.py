"""The main menu: its links in groups, only those the user's role may use, the current one marked.

One list here rather than conditions in base.html, so that the page shell, the collapsed phone
menu and `aria-current` read the same links.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import template
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

register = template.Library()

Caps = frozenset[str]


@dataclass(frozen=True)
class _Entry:
    label: Promise
    url_name: str
    shown: Callable[[Caps], bool]


def _has(*codes: str) -> Callable[[Caps], bool]:
    return lambda caps: any(code in caps for code in codes)


# (group label, links); a group none of whose links the role may use is left out.
MENU: tuple[tuple[Promise, tuple[_Entry, ...]], ...] = (
    (
        _("Casework"),
        (
            _Entry(_("Home"), "web:home", _has("case.view", "report.submit", "report.triage")),
            _Entry(_("My tasks"), "workspace:tasks", _has("case.view", "report.triage")),
            _Entry(_("Cases"), "cases:list", _has("case.view")),
            _Entry(_("Children"), "children:list", _has("child.view")),
            _Entry(_("Register a child"), "children:create", _has("child.register")),
            _Entry(_("Deadlines"), "deadlines:dashboard", _has("case.view", "report.triage")),
            _Entry(_("Referrals"), "referrals:queues", _has("case.view")),
            _Entry(_("Services"), "referrals:services", _has("case.view")),
            _Entry(_("Duplicates"), "tracing:duplicates", _has("child.view")),
            _Entry(_("Tracing"), "tracing:list", _has("tracing.manage")),
        ),
    ),
    (
        _("Intake"),
        (
            _Entry(_("Reports"), "intake:queue", _has("report.triage", "report.submit")),
            _Entry(_("Quick report"), "intake:frontline", _has("report.submit")),
            _Entry(_("Hotline call"), "intake:hotline", _has("report.submit")),
        ),
    ),
    (
        _("Statistics"),
        (
            _Entry(_("Figures"), "stats:national", _has("stats.view")),
            _Entry(_("My figures"), "stats:caseload", _has("case.view")),
            _Entry(
                _("Exports"),
                "stats:exports",
                lambda caps: "stats.export_identified" in caps and "stats.view" not in caps,
            ),
        ),
    ),
    (
        _("Administration"),
        (
            _Entry(_("Exchange"), "exchange:home", _has("tracing.manage", "user.manage")),
            _Entry(_("Break-glass"), "children:break_glass", _has("child.break_glass")),
            _Entry(_("Audit log"), "web:audit", _has("audit.view")),
            _Entry(_("Users"), "web:users", _has("user.manage")),
        ),
    ),
)


@dataclass(frozen=True)
class MenuLink:
    label: Promise
    url: str
    current: bool


@dataclass(frozen=True)
class MenuGroup:
    label: Promise
    slug: str
    links: tuple[MenuLink, ...]


def current_url(path: str, urls: list[str]) -> str | None:
    """The link of the section `path` is in: the longest link that starts it; home only itself."""
    matches = [url for url in urls if path == url or (url != "/" and path.startswith(url))]
    return max(matches, key=len, default=None)


def main_menu_for(caps: Caps, path: str) -> list[MenuGroup]:
    """The groups of links a role with `caps` may use, the one of `path`'s section current."""
    shown = [
        (label, [(entry.label, reverse(entry.url_name)) for entry in entries if entry.shown(caps)])
        for label, entries in MENU
    ]
    current = current_url(path, [url for _label, links in shown for _l, url in links])
    return [
        MenuGroup(
            label=label,
            slug=f"nav-group-{index}",
            links=tuple(MenuLink(text, url, url == current) for text, url in links),
        )
        for index, (label, links) in enumerate(shown)
        if links
    ]


@register.simple_tag(takes_context=True)
def main_menu(context: Any) -> list[MenuGroup]:
    """`{% main_menu as menu %}`: the menu of the user of the page being drawn."""
    request = context.get("request")
    return main_menu_for(context.get("caps", frozenset()), request.path if request else "")
