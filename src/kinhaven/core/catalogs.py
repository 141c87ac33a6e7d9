"""The translation catalogs: kept up to date from the code, compiled for the server, and checked
complete.

Every staff language translates every string; the public languages translate the strings of the
pages the public and children read (PUBLIC_SOURCES). Catalogs are gettext `.po` files under
`kinhaven/locale/<language>/LC_MESSAGES/django.po`, edited by translators; the `.mo` files are
compiled from them (with Babel, so a server needs no gettext tools) and are not kept in the
repository. Extraction is Django's `makemessages`, which needs GNU gettext.
"""

from __future__ import annotations

import os
import shutil
import subprocess  # nosec B404  # runs Django's makemessages, a fixed command
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from django.conf import settings

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DOMAIN = "django"
# Not the interface: the tests, vendored code and the demonstration data.
IGNORED = ("tests", "*/tests/*", "static/vendor/*", "demo/*", "locale/*")
# The sources of what the public and children read, relative to the package.
PUBLIC_SOURCES = frozenset(
    {
        "intake/templates/intake/public.html",
        "intake/templates/intake/thanks.html",
        "intake/forms.py",
        "intake/enums.py",
        "children/enums.py",
        "missing/alert.py",
        "legal/templates/legal/child_sheet.html",
        "legal/decisions.py",
        "legal/enums.py",
        "missing/templates/missing/alert_page.html",
        "web/templates/web/base.html",
        "web/templates/web/print_page.html",
        "web/templates/web/language_switcher.html",
        "web/templates/web/error_summary.html",
        "web/templates/web/field_messages.html",
    }
)


@dataclass(frozen=True)
class Languages:
    staff: tuple[str, ...]
    public: tuple[str, ...]

    @classmethod
    def from_settings(cls) -> Languages:
        source = settings.LANGUAGE_CODE
        staff = tuple(c for c in settings.KINHAVEN_STAFF_LANGUAGES if c != source)
        public = tuple(
            c for c in settings.KINHAVEN_PUBLIC_LANGUAGES if c != source and c not in staff
        )
        return cls(staff=staff, public=public)

    @property
    def all(self) -> tuple[str, ...]:
        return self.staff + self.public


def _po_path(locale_dir: Path, language: str) -> Path:
    return locale_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def _read(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=language, abort_invalid=True)


def _makemessages(package_dir: Path, languages: tuple[str, ...], *, keep_pot: bool) -> None:
    command = [sys.executable, "-m", "django", "makemessages", "--domain", DOMAIN]
    command += ["--no-obsolete", "--add-location", "file", "--no-wrap"]
    command += [arg for pattern in IGNORED for arg in ("--ignore", pattern)]
    command += [arg for language in languages for arg in ("--locale", language)]
    if keep_pot:
        command.append("--keep-pot")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kinhaven.config.settings"}
    done = subprocess.run(  # noqa: S603  # nosec B603  # fixed arguments, no shell
        command, cwd=package_dir, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise RuntimeError(f"makemessages failed: {done.stderr.strip()[-2000:]}")


def _header_fill(path: Path, language: str) -> None:
    """Complete the header makemessages leaves: the catalog's language, a plural rule where Django
    has none for the language (CLDR's, from Babel), and no fuzzy mark on the header itself."""
    text = path.read_text(encoding="utf-8")
    text = text.replace('#, fuzzy\nmsgid ""\nmsgstr ""\n', 'msgid ""\nmsgstr ""\n', 1)
    text = text.replace('"Language: \\n"', f'"Language: {language}\\n"', 1)
    if "nplurals=INTEGER" in text:
        rule = get_plural(language)
        text = text.replace(
            "nplurals=INTEGER; plural=EXPRESSION;",
            f"nplurals={rule.num_plurals}; plural={rule.plural_expr};",
        )
    path.write_text(text, encoding="utf-8")


def catalogs_update(package_dir: Path = PACKAGE_DIR, languages: Languages | None = None) -> None:
    """Bring every language's catalog up to date with the code's marked strings; translations
    already made stay."""
    languages = languages or Languages.from_settings()
    (package_dir / "locale").mkdir(exist_ok=True)
    _makemessages(package_dir, languages.all, keep_pot=False)
    for language in languages.all:
        _header_fill(_po_path(package_dir / "locale", language), language)


def catalogs_compile(locale_dir: Path = PACKAGE_DIR / "locale") -> int:
    """Compile every catalog to the `.mo` file the server reads; return how many."""
    count = 0
    for po in sorted(locale_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        catalog = _read(po, po.parent.parent.name)
        # Written aside then moved: a server reading the catalog never sees half of it.
        partial = po.with_suffix(".mo.partial")
        with partial.open("wb") as f:
            write_mo(f, catalog, use_fuzzy=False)
        partial.replace(po.with_suffix(".mo"))
        count += 1
    return count


def _key(message: object) -> tuple[str | None, str]:
    ident = message.id  # type: ignore[attr-defined]
    first = ident[0] if isinstance(ident, tuple) else ident
    return (message.context, first)  # type: ignore[attr-defined]


def _translated(message: object) -> bool:
    string = message.string  # type: ignore[attr-defined]
    strings = string if isinstance(string, tuple) else (string,)
    return not message.fuzzy and all(strings)  # type: ignore[attr-defined]


def _public(message: object, public_sources: frozenset[str]) -> bool:
    return any(path in public_sources for path, _line in message.locations)  # type: ignore[attr-defined]


def catalogs_check(
    package_dir: Path = PACKAGE_DIR,
    languages: Languages | None = None,
    public_sources: frozenset[str] = PUBLIC_SOURCES,
) -> list[str]:
    """What keeps the catalogs from being complete, one line each (none when complete): a
    language without a catalog, a catalog that lacks strings the code marks (run `kinhaven
    messages update`), a string a staff language has not translated or a public string a public
    language has not, a translation whose placeholders or plural forms are wrong."""
    languages = languages or Languages.from_settings()
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "package"
        shutil.copytree(
            package_dir,
            copy,
            ignore=shutil.ignore_patterns("tests", "__pycache__", "vendor", "*.mo", "locale"),
        )
        (copy / "locale" / languages.all[0]).mkdir(parents=True)
        _makemessages(copy, languages.all[:1], keep_pot=True)
        pot = copy / "locale" / f"{DOMAIN}.pot"
        # The template's header has no plural rule yet; any will do to read its strings.
        pot.write_text(
            pot.read_text(encoding="utf-8").replace("nplurals=INTEGER; plural=EXPRESSION;", ""),
            encoding="utf-8",
        )
        template = _read(pot)
    wanted = {_key(m): m for m in template if m.id}
    for language in languages.all:
        path = _po_path(package_dir / "locale", language)
        if not path.exists():
            problems.append(f"{language}: no catalog at {path.relative_to(package_dir)}")
            continue
        catalog = _read(path, language)
        have = {_key(m): m for m in catalog if m.id}
        missing = [key for key in wanted if key not in have]
        if missing:
            problems.append(
                f"{language}: {len(missing)} marked strings are not in the catalog (run `kinhaven "
                f"messages update`), e.g. {missing[0][1]!r}"
            )
        staff = language in languages.staff
        untranslated = [
            key
            for key, message in have.items()
            if key in wanted
            and (staff or _public(wanted[key], public_sources))
            and not _translated(message)
        ]
        if untranslated:
            problems.append(
                f"{language}: {len(untranslated)} strings untranslated or fuzzy, e.g. "
                f"{untranslated[0][1]!r}"
            )
        for message, errors in catalog.check():
            # A fuzzy entry (a guess msgmerge made) is counted untranslated above.
            if message.fuzzy:
                continue
            for error in errors:
                problems.append(f"{language}: {message.id!r}: {error}")
    return problems
