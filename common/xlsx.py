"""Excel export: every list page hands its (already scoped and filtered) rows to ``xlsx_response``.

Text goes out as text, never as a formula (T-TRUST, docs/security.md "Files and forms"):
openpyxl stores a string that starts with ``=`` as a formula, and a spreadsheet program
evaluates text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return when the
cell is edited or the sheet is saved as CSV and opened again. ``text_cell`` writes such a
string as a string cell with Excel's "quote prefix" (what a leading apostrophe typed in
Excel does): Excel and LibreOffice show the user's text exactly, and editing the cell keeps
it text. Characters a worksheet cannot hold (control characters other than tab and line
breaks) are replaced by U+FFFD instead of failing the whole export.
"""

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# What makes a spreadsheet read text as a formula (OWASP, "CSV Injection"): these leading characters.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r", "\n")
# A worksheet holds at most this many characters in a cell.
MAX_CELL_TEXT = 32767
_ILLEGAL = re.compile(ILLEGAL_CHARACTERS_RE.pattern)


@dataclass(frozen=True)
class Column:
    header: str | Promise
    value: Callable[[Any], object]
    width: int = 16


def field_columns(model: type[Any], names: Sequence[str], width: int = 16) -> list[Column]:
    """Columns for a model's fields, headed by their verbose names: choices by their labels, relations by name."""
    columns = []
    for name in names:
        field = model._meta.get_field(name)
        columns.append(Column(field.verbose_name, _field_value(name, bool(field.choices)), width))
    return columns


def _field_value(name: str, has_choices: bool) -> Callable[[Any], object]:
    def value(obj: Any) -> object:
        if has_choices:
            return getattr(obj, f"get_{name}_display")()
        found = getattr(obj, name)
        return found if found is None or isinstance(found, (int, float, Decimal, dt.date, str)) else str(found)

    return value


def needs_quote_prefix(text: str) -> bool:
    return text.startswith(FORMULA_LEADS)


def as_text(cell: Cell, text: str) -> Cell:
    """Put ``text`` in ``cell`` as a string, never a formula; a formula-like start gets the quote prefix."""
    text = _ILLEGAL.sub("\ufffd", text)[:MAX_CELL_TEXT]
    cell.value = text
    cell.data_type = "s"  # openpyxl has just made "=…" a formula: it is the user's text
    if needs_quote_prefix(text):
        cell.quotePrefix = True
    return cell


def texts_as_text(sheet: Worksheet) -> None:
    """In a workbook built cell by cell (not write-only): make every string cell a text cell."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                as_text(cell, cell.value)


def _cell(ws: WriteOnlyWorksheet, value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal, dt.date, dt.datetime)):
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            return value.replace(tzinfo=None)
        return value
    return as_text(WriteOnlyCell(ws), str(value))


def workbook_bytes(sheet_title: str | Promise, columns: Sequence[Column], rows: Iterable[Any]) -> bytes:
    """Return an .xlsx with a bold header row and one row per item."""
    return workbook_sheets_bytes([(sheet_title, columns, rows)])


def workbook_sheets_bytes(sheets: Iterable[tuple[str | Promise, Sequence[Column], Iterable[Any]]]) -> bytes:
    """Return an .xlsx with one sheet per (title, columns, rows), each with a bold header row."""
    wb = Workbook(write_only=True)
    used: set[str] = set()
    for sheet_title, columns, rows in sheets:
        title = str(sheet_title)[:31]
        for n in range(2, 100):  # sheet titles must be unique
            if title not in used:
                break
            title = f"{str(sheet_title)[:28]}({n})"
        used.add(title)
        ws = wb.create_sheet(title=title)
        for index, column in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = column.width
        header = []
        for column in columns:
            cell = as_text(WriteOnlyCell(ws), str(column.header))
            cell.font = Font(bold=True)
            header.append(cell)
        ws.append(header)
        for row in rows:
            ws.append([_cell(ws, column.value(row)) for column in columns])
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_response(
    filename: str, sheet_title: str | Promise, columns: Sequence[Column], rows: Iterable[Any]
) -> HttpResponse:
    response = HttpResponse(workbook_bytes(sheet_title, columns, rows), content_type=XLSX_CONTENT_TYPE)
    # RFC 5987 so that Chinese file names survive every browser.
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
