"""Exports write text as text: no cell of an exported workbook is a formula, whatever a user typed."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from common.xlsx import Column, workbook_bytes

# What OWASP lists for CSV/Excel injection, and what this project met: each is someone's "name".
FORMULAS = [
    '=HYPERLINK("http://evil","click")',
    "=1+1",
    "+1",
    "-1+1",
    "@SUM(1)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "=cmd|' /C calc'!A0",
]


def _cells(data: bytes) -> list:
    sheet = load_workbook(BytesIO(data)).active
    return [cell for row in sheet.iter_rows() for cell in row]


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_like_text_is_written_as_text_showing_the_users_text(text: str) -> None:
    data = workbook_bytes("名单", [Column("姓名", lambda row: row)], [text])
    header, cell = _cells(data)
    assert cell.data_type == "s" and cell.value == text
    # The quote prefix: Excel and LibreOffice show the text as it is and keep it text when edited.
    assert cell.quotePrefix is True
    assert header.value == "姓名" and not header.quotePrefix


def test_no_exported_cell_is_a_formula_and_other_values_keep_their_types() -> None:
    rows = [*FORMULAS, "张三", "-", 42, Decimal("-12.50"), dt.date(2010, 3, 1), None]
    cells = _cells(workbook_bytes("名单", [Column("值", lambda row: row)], rows))[1:]
    assert [c.data_type for c in cells if c.data_type == "f"] == []
    by_value = {c.value: c for c in cells}
    assert by_value["张三"].data_type == "s" and not by_value["张三"].quotePrefix
    assert by_value["-"].quotePrefix  # a lone dash is text too, and looks the same
    assert by_value[42].data_type == "n" and by_value[Decimal("-12.5")].data_type == "n"
    assert isinstance(cells[-2].value, dt.datetime) and cells[-1].value is None


def test_a_header_that_looks_like_a_formula_is_text_too() -> None:
    header, cell = _cells(workbook_bytes("名单", [Column("=1+1", lambda row: row)], ["x"]))
    assert header.data_type == "s" and header.value == "=1+1" and header.quotePrefix


def test_characters_a_worksheet_cannot_hold_are_replaced_not_fatal() -> None:
    # openpyxl refuses control characters (IllegalCharacterError): one such name broke the whole export.
    _header, cell = _cells(workbook_bytes("名单", [Column("姓名", lambda row: row)], ["张\x01三\x1b"]))
    assert cell.value == "张\ufffd三\ufffd" and cell.data_type == "s"


def test_columns_past_z_get_their_width() -> None:
    columns = [Column(f"c{i}", lambda row: row, width=10 + i) for i in range(28)]
    sheet = load_workbook(BytesIO(workbook_bytes("宽表", columns, ["x"]))).active
    assert sheet.column_dimensions["AB"].width == 37 and sheet.column_dimensions["A"].width == 10
