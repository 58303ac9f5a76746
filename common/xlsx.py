"""Excel export: every list page hands its (already scoped and filtered) rows to ``xlsx_response``."""

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


def _cell_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal, dt.date, dt.datetime)):
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            return value.replace(tzinfo=None)
        return value
    return str(value)


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
        for index, column in enumerate(columns):
            ws.column_dimensions[chr(ord("A") + index) if index < 26 else "A"].width = column.width
        header = []
        for column in columns:
            cell = WriteOnlyCell(ws, value=str(column.header))
            cell.font = Font(bold=True)
            header.append(cell)
        ws.append(header)
        for row in rows:
            ws.append([_cell_value(column.value(row)) for column in columns])
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
