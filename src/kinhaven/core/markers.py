"""Find user-facing strings not marked for translation.

Templates: text a reader sees (element content and the attributes read out or shown: title, alt,
placeholder, aria-label) outside `{% translate %}` and `{% blocktranslate %}`. Python: the literal
strings given where Django or Kinhaven shows them to a person: labels, help texts, verbose names,
choices' labels, the messages of validation and application errors and of the messages framework.
A string that is not words (a code, a symbol, the product's name) is allowed.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from django.template.base import Lexer, TokenType

PACKAGE_DIR = Path(__file__).resolve().parent.parent
SKIPPED_PARTS = frozenset({"tests", "vendor", "migrations", "demo", "locale", "__pycache__"})
# Words that are the same in every language.
NAMES = frozenset(
    {"Kinhaven", "HTCDS", "CTDC", "ILO", "ISO", "API", "CSV", "XLSX", "PDF", "TOTP", "SHA", "SIS"}
)
# Text that is an attribute written outside a tag (a block that fills in the page's attributes).
ATTRIBUTE_TEXT = re.compile(r"^[\s\u2063]*[\w-]+=\"")
WORD = re.compile(r"[^\W\d_]{2,}")
SHOWN_ATTRIBUTES = frozenset({"title", "alt", "placeholder", "aria-label", "aria-description"})
# Keyword arguments whose value a person reads.
SHOWN_KEYWORDS = frozenset(
    {"label", "help_text", "verbose_name", "verbose_name_plural", "empty_label", "message"}
)
# Calls whose message argument (by position) a person reads.
SHOWN_CALLS = {
    "ValidationError": 0,
    "ApplicationError": 1,
    "HttpError": 1,
    "error_response": 2,
    "success": 1,
    "error": 1,
    "info": 1,
    "warning": 1,
    "add_error": 1,
}
MARKERS = frozenset(
    {
        "_",
        "gettext",
        "gettext_lazy",
        "ngettext",
        "ngettext_lazy",
        "pgettext",
        "pgettext_lazy",
        "npgettext",
        "npgettext_lazy",
        "format_lazy",
    }
)
CHOICES_BASES = frozenset({"TextChoices", "IntegerChoices", "Choices"})


@dataclass(frozen=True)
class Unmarked:
    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: not marked for translation: {self.text[:70]!r}"


def _words(text: str) -> bool:
    return any(word not in NAMES for word in WORD.findall(text))


class _Reader(HTMLParser):
    """Collect the text a reader sees in an HTML template whose template tags were replaced by
    a neutral character."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._hidden += 1
        for name, value in attrs:
            if name in SHOWN_ATTRIBUTES and value and _words(value):
                self.found.append((self.getpos()[0], value))

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"} and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and _words(data) and not ATTRIBUTE_TEXT.match(data):
            self.found.append((self.getpos()[0], data.strip()))


_NEUTRAL = "\u2063"  # invisible separator: no word


def template_unmarked(source: str) -> list[tuple[int, str]]:
    """The unmarked text of one template, with its line."""
    pieces: list[str] = []
    inside = 0  # depth of blocktranslate and comment blocks, whose text is not the page's
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.TEXT:
            text = token.contents
            pieces.append(re.sub(r"[^\n]", _NEUTRAL, text) if inside else text)
            continue
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            if name in {"blocktranslate", "blocktrans", "comment"}:
                inside += 1
            elif name in {"endblocktranslate", "endblocktrans", "endcomment"}:
                inside -= 1
        pieces.append(_NEUTRAL + "\n" * token.contents.count("\n"))
    reader = _Reader()
    reader.feed("".join(pieces))
    reader.close()
    return reader.found


def _marked(node: ast.expr) -> bool:
    if isinstance(node, ast.Call):
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        return name in MARKERS
    return False


def _literal(node: ast.expr | None) -> str | None:
    """The text of a literal a person would read unmarked, or None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and _words(node.value):
        return node.value
    if isinstance(node, ast.JoinedStr):
        text = "".join(
            part.value
            for part in node.values
            if isinstance(part, ast.Constant) and isinstance(part.value, str)
        )
        return text if _words(text) else None
    return None


def python_unmarked(source: str) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and not _marked(node):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            for keyword in node.keywords:
                if keyword.arg in SHOWN_KEYWORDS and (text := _literal(keyword.value)):
                    found.append((keyword.value.lineno, text))
            position = SHOWN_CALLS.get(name)
            if position is not None and len(node.args) > position:
                if text := _literal(node.args[position]):
                    found.append((node.args[position].lineno, text))
        elif isinstance(node, ast.ClassDef) and any(
            getattr(base, "attr", getattr(base, "id", "")) in CHOICES_BASES for base in node.bases
        ):
            for statement in node.body:
                value = statement.value if isinstance(statement, ast.Assign) else None
                if isinstance(value, ast.Tuple) and len(value.elts) >= 2:
                    if text := _literal(value.elts[-1]):
                        found.append((value.lineno, text))
    return found


def _sources(package_dir: Path) -> Iterator[Path]:
    for path in sorted(package_dir.rglob("*")):
        relative = path.relative_to(package_dir)
        if SKIPPED_PARTS.intersection(relative.parts) or not path.is_file():
            continue
        if path.suffix == ".py" or (
            path.suffix in {".html", ".txt"} and "templates" in relative.parts
        ):
            yield path


def unmarked_strings(package_dir: Path = PACKAGE_DIR) -> list[Unmarked]:
    """Every user-facing string of the package not marked for translation."""
    found: list[Unmarked] = []
    for path in _sources(package_dir):
        source = path.read_text(encoding="utf-8")
        check = python_unmarked if path.suffix == ".py" else template_unmarked
        relative = str(path.relative_to(package_dir))
        found.extend(Unmarked(relative, line, text) for line, text in check(source))
    return found
