"""The page shell and the forms' common parts: the menu, the error summary, the date inputs."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
import re

import pytest
from django import forms
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone
from pydantic import BaseModel

import kinhaven
from kinhaven.conftest import World, web_client
from kinhaven.core.forms import DateInput, DateTimeInput, InputForm
from kinhaven.web.templatetags.navigation import current_url, main_menu_for


def _menu(html: str) -> str:
    match = re.search(r'<nav id="main-nav".*?</nav>', html, re.S)
    assert match is not None
    return match.group(0)


def test_current_section_is_the_longest_link_that_starts_the_path() -> None:
    urls = ["/", "/children/", "/children/new/", "/cases/"]
    assert current_url("/", urls) == "/"
    assert current_url("/children/3f2a/", urls) == "/children/"
    assert current_url("/children/new/", urls) == "/children/new/"
    assert current_url("/tasks/", urls) is None


def test_menu_shows_a_role_only_its_groups() -> None:
    groups = main_menu_for(frozenset({"audit.view"}), "/audit/")
    assert [str(g.label) for g in groups] == ["Administration"]
    assert [(str(link.label), link.current) for link in groups[0].links] == [("Audit log", True)]


@pytest.mark.django_db
def test_page_marks_its_section_and_leads_past_the_menu(world: World) -> None:
    html = web_client(world.caseworker).get("/cases/").content.decode()
    menu = _menu(html)
    assert menu.count('aria-current="page"') == 1
    assert '<a href="/cases/" aria-current="page">' in menu
    assert '<main id="main" tabindex="-1">' in html
    skip = html.index('class="skip-link" href="#main"')
    assert skip < html.index("<header")
    assert 'aria-controls="main-nav"' in html
    assert 'aria-expanded="false"' in html
    # An analyst's menu has no casework.
    analyst = _menu(web_client(world.analyst).get("/stats/").content.decode())
    assert 'href="/cases/"' not in analyst
    assert '<a href="/stats/" aria-current="page">' in analyst


class _Model(BaseModel):
    name: str
    when: dt.date
    at: dt.datetime


class _Form(InputForm[_Model]):
    input_model = _Model
    name = forms.CharField(label="Name", help_text="As the child says it.")
    when = forms.DateField(label="When")
    at = forms.DateTimeField(label="At", widget=forms.DateTimeInput(attrs={"class": "wide"}))
    kind = forms.ChoiceField(
        label="Kind", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
    )

    def clean(self) -> dict[str, object] | None:
        cleaned = super().clean()
        self.add_error(None, "The record changed meanwhile.")
        return cleaned


def test_form_with_errors_shows_a_summary_linking_to_each_field() -> None:
    form = _Form(data={"name": "", "when": "2026-13-01", "at": "2026-01-01T10:00", "kind": ""})
    assert not form.is_valid()
    html = render_to_string("web/form_fields.html", {"form": form})
    summary = html[html.index('<div class="error-summary"') : html.index("</div>")]
    assert 'tabindex="-1"' in summary
    assert "There is a problem" in summary
    assert "The record changed meanwhile." in summary
    hrefs = re.findall(r'href="#([\w-]+)"', summary)
    assert hrefs == ["id_name", "id_when", "id_kind_0"]
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    assert set(hrefs) <= ids
    # Each field names its help and its error, by ids the page has.
    for described in re.findall(r'aria-describedby="([^"]+)"', html):
        assert set(described.split()) <= ids
    assert re.search(r'<input[^>]*id="id_name"[^>]*>', html) is not None
    name_input = re.search(r'<input[^>]*id="id_name"[^>]*>', html)
    assert name_input is not None
    assert 'aria-describedby="id_name_helptext id_name_error"' in name_input.group(0)
    assert '<fieldset aria-describedby="id_kind_error">' in html


def test_form_without_errors_has_no_summary() -> None:
    html = render_to_string("web/form_fields.html", {"form": _Form()})
    assert "error-summary" not in html


def test_dates_are_the_browsers_pickers_with_iso_values() -> None:
    at = dt.datetime(2026, 3, 4, 9, 30, tzinfo=timezone.get_current_timezone())
    form = _Form(initial={"when": dt.date(2026, 3, 4), "at": at})
    when = str(form["when"])
    assert 'type="date"' in when
    assert 'value="2026-03-04"' in when
    at_html = str(form["at"])
    assert 'type="datetime-local"' in at_html
    assert 'value="2026-03-04T09:30"' in at_html
    assert 'class="wide"' in at_html
    bound = _Form(data={"name": "x", "when": "2026-03-04", "at": "2026-03-04T09:30", "kind": "a"})
    bound.is_valid()
    assert bound.cleaned_data["when"] == dt.date(2026, 3, 4)
    assert bound.cleaned_data["at"] == at


def _form_classes() -> list[type[forms.Form]]:
    found: list[type[forms.Form]] = []
    for module in pkgutil.walk_packages(kinhaven.__path__, "kinhaven."):
        if not module.name.endswith(".forms"):
            continue
        for _name, value in inspect.getmembers(importlib.import_module(module.name)):
            if inspect.isclass(value) and issubclass(value, forms.Form):
                found.append(value)
    return found


def test_every_date_field_of_every_form_is_a_native_date_input() -> None:
    """One date input style everywhere: a date typed as text is a partial date on purpose, in a
    CharField (a date of birth "2011-04"), never a DateField with a text box."""
    checked = 0
    for form_class in _form_classes():
        for name, field in form_class.base_fields.items():
            if not isinstance(field, forms.DateField | forms.DateTimeField):
                continue
            checked += 1
            if issubclass(form_class, InputForm):
                continue  # InputForm gives them the native pickers (native_date_inputs).
            native = DateTimeInput if isinstance(field, forms.DateTimeField) else DateInput
            kind = "datetime-local" if native is DateTimeInput else "date"
            widget = field.widget
            assert isinstance(widget, native) or getattr(widget, "input_type", "") == kind, (
                f"{form_class.__module__}.{form_class.__name__}.{name}"
            )
    assert checked > 10


def test_the_site_icon_and_robots_txt_are_served_to_anyone() -> None:
    """Browsers ask every site for /favicon.ico; search engines read /robots.txt."""
    client = Client()
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    assert icon.getvalue().startswith(b"\x00\x00\x01\x00")  # an icon file
    robots = client.get("/robots.txt")
    assert robots.status_code == 200
    assert robots["Content-Type"].startswith("text/plain")
    assert robots.getvalue().decode().splitlines() == [
        "User-agent: *",
        "Disallow: /",
    ]
