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
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=str(sheet_title)[:31])
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
