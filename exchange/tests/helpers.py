"""Build import files in memory and run importers in tests."""

from collections.abc import Sequence
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from accounts.scope import scope_for_user
from common.scope import Scope
from exchange.importers import IMPORTERS
from exchange.importing import Report


def xlsx(headers: list[str], rows: Sequence[Sequence[object]]) -> bytes:
    workbook = Workbook(write_only=True)  # fast enough for the 10,000-row files
    sheet = workbook.create_sheet()
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(data: bytes, name: str = "导入.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def run(kind: str, data: bytes, *, user=None, scope: Scope | None = None, commit: bool = False) -> Report:
    scope = scope or scope_for_user(user)
    importer = IMPORTERS[kind](scope=scope, user=user)
    return importer.run(BytesIO(data), commit=commit, max_rows=50000)


def errors_of(report: Report) -> list[tuple[int, str, str]]:
    return [(o.number, column, message) for o in report.outcomes for column, message in o.errors] + [
        (0, "", m) for m in report.file_errors
    ]
