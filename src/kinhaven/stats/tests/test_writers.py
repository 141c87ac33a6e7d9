"""Writing export rows to CSV and XLSX, with formulas neutralised."""

from __future__ import annotations

import csv
import zipfile

import openpyxl
import pytest

from kinhaven.stats.writers import write_rows

COLUMNS = ["code", "label", "count"]
ROWS = [
    {"code": "UA", "label": "Україна", "count": "12"},
    {"code": '=HYPERLINK("http://example.invalid","x")', "label": "+1+2", "count": "-3"},
    {"code": "@SUM(A1:A2)", "label": "", "count": "7"},
    {"code": "XK", "label": "no count"},
]


def _expected(row: dict[str, str]) -> list[str]:
    return [row.get(column, "") for column in COLUMNS]


def test_xlsx_reads_back_as_the_rows_and_holds_no_formula(tmp_path) -> None:
    path = tmp_path / "export.xlsx"
    seen: list[int] = []
    count = write_rows(path, COLUMNS, iter(ROWS), file_format="xlsx", progress=seen.append)

    assert count == len(ROWS)
    assert seen[-1] == len(ROWS)
    sheet = openpyxl.load_workbook(path).active
    values = [[cell.value or "" for cell in row] for row in sheet.iter_rows()]
    assert values[0] == COLUMNS
    assert values[1:] == [_expected(row) for row in ROWS]
    for row in sheet.iter_rows():
        assert all(cell.data_type != "f" for cell in row)
    sheet_xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml


def test_csv_has_a_header_and_neutralised_formulas(tmp_path) -> None:
    path = tmp_path / "export.csv"
    count = write_rows(path, COLUMNS, ROWS, file_format="csv")

    assert count == len(ROWS)
    with path.open(encoding="utf-8", newline="") as handle:
        read = list(csv.reader(handle))
    assert read[0] == COLUMNS
    assert read[1] == _expected(ROWS[0])
    assert read[2] == ["'" + ROWS[1]["code"], "'+1+2", "'-3"]
    assert read[3][0] == "'@SUM(A1:A2)"
    assert read[4] == ["XK", "no count", ""]
    for row in read:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)


def test_an_unknown_format_is_refused(tmp_path) -> None:
    with pytest.raises(ValueError, match="pdf"):
        write_rows(tmp_path / "export.pdf", COLUMNS, ROWS, file_format="pdf")
