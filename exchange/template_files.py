"""The Excel files the import hands out: a blank template per kind and the error report of a job."""

from io import BytesIO

from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from common.xlsx import Column, texts_as_text

from .importing import Importer

HELP_SHEET = "说明"  # fixed, like the headers: a file filled in Chinese or English reads the same


def template_bytes(importer: type[Importer], sheet_title: str) -> bytes:
    """Return an .xlsx with the header row, an example row, and a "说明" sheet describing each column.

    Headers stay Chinese in every language so that files move between counties and users;
    the English headers, which the import also accepts, are listed in the help sheet.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    required_font = Font(bold=True, color="B71C1C")
    for index, spec in enumerate(importer.fields, start=1):
        letter = get_column_letter(index)
        header = sheet.cell(row=1, column=index, value=spec.header)
        header.font = required_font if spec.required else Font(bold=True)
        header.fill = PatternFill("solid", fgColor="FAF7F2")
        example = sheet.cell(row=2, column=index, value=spec.example if spec.example != "" else None)
        sheet.column_dimensions[letter].width = max(14, len(spec.header) * 2 + 4)
        if spec.text_format:
            # Text format keeps long codes and ID numbers exactly as typed (no 3.5E+17, no lost digits).
            sheet.column_dimensions[letter].number_format = "@"
            example.number_format = "@"
        elif hasattr(spec.example, "isoformat"):
            example.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"

    notes = workbook.create_sheet(HELP_SHEET)
    notes.append([gettext("列名"), gettext("英文列名"), gettext("是否必填"), gettext("填写说明")])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for spec in importer.fields:
        notes.append(
            [spec.header, spec.header_en, gettext("必填") if spec.required else gettext("选填"), str(spec.help)]
        )
    notes.append([])
    for line in (
        gettext("第一行是列名，请勿修改；从第二行起每行一条记录，第二行是示例，导入前请删除或改写。"),
        gettext("红色列名为必填列。列的顺序可以调整，多余的列会被忽略；列名也可以用英文列名。"),
        gettext("日期可填Excel日期或 YYYY-MM-DD 文本。代码和身份证号请以文本格式填写。"),
        gettext("导入前系统会逐行校验并预览；只要有一行错误，整个文件都不会写入。重复导入同一文件只会更新，不会重复。")
        if importer.updates_on_reimport
        else gettext(
            "导入前系统会逐行校验并预览；只要有一行错误，整个文件都不会写入。已登记的记录不会重复登记，会作为错误行列出。"
        ),
        *(str(note) for note in importer.notes),
    ):
        notes.append([line])
    for letter, width in zip("ABCD", (16, 20, 10, 70), strict=True):
        notes.column_dimensions[letter].width = width
    for each in workbook.worksheets:
        texts_as_text(each)  # our own texts, but none may ever become a formula
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def error_report_lines(report: dict) -> list[tuple[object, str, str, str]]:
    """Return one line per message of a job's report: Excel row, record, column, message."""
    lines: list[tuple[object, str, str, str]] = [("", "", "", message) for message in report.get("file_errors", [])]
    for row in report.get("errors", []):
        for error in row["errors"]:
            lines.append((row["row"], row["summary"], error["column"], error["message"]))
    return lines


def error_report_columns() -> list[Column]:
    return [
        Column(gettext("行号"), lambda line: line[0], 8),
        Column(gettext("记录"), lambda line: line[1], 30),
        Column(gettext("列"), lambda line: line[2], 16),
        Column(gettext("错误"), lambda line: line[3], 60),
    ]
