"""Writing an export's rows to a CSV or an XLSX file, safe to open in a spreadsheet.

A cell that begins with "=", "+", "-" or "@" (or a tab or carriage return) is read by spreadsheet
programs as a formula, which could run when the file is opened (CSV injection, OWASP). In CSV such
a cell gets a leading apostrophe; in XLSX every cell is written as a string, never a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TextIO

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kinhaven.stats.enums import ExportFormat

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# How often the progress callback is told the number of rows written so far.
PROGRESS_EVERY = 1000


def neutralise_formula(value: str) -> str:
    """The text of a CSV cell that no spreadsheet reads as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _csv_rows(
    handle: TextIO,
    columns: list[str],
    rows: Iterable[dict[str, Any]],
    progress: Callable[[int], None] | None,
) -> int:
    count = 0
    writer = csv.writer(handle)
    writer.writerow([neutralise_formula(column) for column in columns])
    for row in rows:
        writer.writerow([neutralise_formula(_text(row.get(column))) for column in columns])
        count += 1
        if progress and count % PROGRESS_EVERY == 0:
            progress(count)
    return count


def _write_csv(
    path: Path,
    columns: list[str],
    rows: Iterable[dict[str, Any]],
    progress: Callable[[int], None] | None,
) -> int:
    with path.open("w", encoding="utf-8", newline="") as handle:
        return _csv_rows(handle, columns, rows, progress)


def csv_text(columns: list[str], rows: Iterable[dict[str, Any]]) -> str:
    """The rows as CSV text, the header first, as an export file would hold them."""
    out = io.StringIO()
    _csv_rows(out, columns, rows, None)
    return out.getvalue()


def _write_xlsx(
    path: Path,
    columns: list[str],
    rows: Iterable[dict[str, Any]],
    progress: Callable[[int], None] | None,
) -> int:
    # openpyxl is loaded when a spreadsheet is written, not in every process that imports this.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=pgettext("spreadsheet", "Records")[:31])

    def cells(values: Iterable[str]) -> list[WriteOnlyCell]:
        out = []
        for value in values:
            # XML cannot hold control characters: they are dropped.
            cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
            # A string, even one beginning with "=": openpyxl would otherwise store a formula.
            cell.data_type = "s"
            out.append(cell)
        return out

    sheet.append(cells(columns))
    count = 0
    for row in rows:
        sheet.append(cells(_text(row.get(column)) for column in columns))
        count += 1
        if progress and count % PROGRESS_EVERY == 0:
            progress(count)
    workbook.save(path)
    return count


def write_rows(
    path: Path,
    columns: list[str],
    rows: Iterable[dict[str, Any]],
    *,
    file_format: str,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the rows, the header first, as CSV (UTF-8) or XLSX (one sheet); return how many rows
    were written. `progress` is told the number of rows written every thousand rows and at the
    end. A column a row lacks is written empty."""
    if file_format == ExportFormat.CSV:
        count = _write_csv(path, columns, rows, progress)
    elif file_format == ExportFormat.XLSX:
        count = _write_xlsx(path, columns, rows, progress)
    else:
        raise ValueError(_("Unknown export format: %(format)s") % {"format": file_format})
    if progress:
        progress(count)
    return count
