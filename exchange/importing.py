"""A small Excel importer framework on openpyxl (F-IO).

Why not django-import-export's import machinery: it looks up and saves one row at a
time (a 10,000-member file becomes tens of thousands of queries) and writes through
``Model.save()`` instead of our services, so validation and the scope check would live
twice. Here an importer reads the sheet once, parses each cell by its column spec,
validates every row against a few chunked lookups (``people.bulk``) or the
organization services' own ``full_clean()``, and writes all rows or none in one
transaction.

An importer's ``check`` reports one ``RowOutcome`` per row (new / update / error, with
messages in the active language) and returns a plan; ``write`` carries the plan out.
``run`` does both, in one transaction when committing, so a commit re-validates the
file against the database as it is at that moment.

A file cannot make a run unbounded (``exchange.limits``): its parts are measured before
openpyxl opens it, the data sheet is read as far as its rows really go (not as far as its
declared dimension says) within limits of rows, columns and cells, and a run that passes
its time limit stops, writing nothing.
"""

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import IO, Any, ClassVar

from django.db import transaction
from django.db.models import TextChoices
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel

from common.scope import Scope

from .limits import EXTRA_COLUMNS, Deadline, LimitExceeded, Limits, inspect_archive


class CellError(Exception):
    """A cell that cannot be read; ``message`` is already translated."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class FileProblem(CellError):
    """The whole file cannot be used (unreadable, missing columns, too many rows)."""


# -- parsers: cell value (as openpyxl gives it) -> Python value, or CellError ----------------


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value).strip()


def parse_code(value: object) -> str:
    """Read a division code; Excel often stores codes as numbers, which we turn back into text."""
    text = parse_text(value)
    if text and not text.isdigit():
        raise CellError(gettext("代码“%(value)s”只能包含数字。") % {"value": text})
    return text


def parse_id_number(value: object) -> str:
    if isinstance(value, (int, float)):
        # A number cell cannot hold 18 digits: Excel has already replaced the last ones with zeros.
        raise CellError(gettext("身份证号必须以文本格式填写（数字格式会使末尾几位变成0）。"))
    return parse_text(value).upper()


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d")


def parse_date(value: object) -> dt.date | None:
    """Read an Excel date, an Excel serial number or ``YYYY-MM-DD`` text."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and 1 <= value < 2958466:
        return from_excel(value).date()
    text = parse_text(value)
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CellError(gettext("日期“%(value)s”无法识别，请使用 YYYY-MM-DD 格式。") % {"value": text})


def parse_integer(value: object) -> int | None:
    if is_blank(value):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = parse_text(value)
    if re.fullmatch(r"-?[0-9]+", text):
        return int(text)
    raise CellError(gettext("“%(value)s”不是整数。") % {"value": text})


@functools.cache
def _choice_table(choices: type[TextChoices], extra: tuple[tuple[str, str], ...]) -> dict[str, str]:
    table = {alias.casefold(): value for alias, value in extra}
    for member in choices:
        table[member.value.casefold()] = member.value
        for language in ("en", "zh-hans"):
            with translation.override(language):
                table[str(member.label).casefold()] = member.value
    return table


def choice(choices: type[TextChoices], **aliases: str) -> Callable[[object], str]:
    """Return a parser accepting a choice's Chinese label, English label, stored value or an alias."""
    extra = tuple(aliases.items())

    def parse(value: object) -> str:
        text = parse_text(value)
        if not text:
            return ""
        found = _choice_table(choices, extra).get(text.casefold())
        if found is None:
            labels = "、".join(str(label) for label in choices.labels)
            raise CellError(
                gettext("“%(value)s”不是有效选项，可填：%(choices)s。") % {"value": text, "choices": labels}
            )
        return found

    return parse


# -- column specs and rows --------------------------------------------------------------------


def normalize_header(header: object) -> str:
    text = parse_text(header).replace("*", "").replace("（必填）", "").replace("(required)", "")
    return re.sub(r"\s+", " ", text).strip().casefold()


@dataclass(frozen=True)
class Field:
    key: str
    header: str  # Chinese, as in the template: files stay exchangeable whatever the user's language
    header_en: str
    parse: Callable[[object], Any] = parse_text
    required: bool = False
    help: str | Promise = ""
    example: object = ""
    aliases: tuple[str, ...] = ()
    text_format: bool = False  # codes and ID numbers: the template formats the column as text

    def names(self) -> set[str]:
        return {normalize_header(name) for name in (self.header, self.header_en, *self.aliases)}


@dataclass
class SourceRow:
    number: int  # the row number as Excel shows it
    values: dict[str, Any]
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column header, message)


class Action:
    NEW = "new"
    UPDATE = "update"
    ERROR = "error"


@dataclass
class RowOutcome:
    number: int
    action: str
    summary: str
    errors: list[tuple[str, str]] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "row": self.number,
            "action": self.action,
            "summary": self.summary,
            "errors": [{"column": column, "message": message} for column, message in self.errors],
        }


SAMPLE_ROWS = 200  # rows without errors kept for the preview page


@dataclass
class Report:
    total: int = 0
    created: int = 0
    updated: int = 0
    outcomes: list[RowOutcome] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    @property
    def error_rows(self) -> list[RowOutcome]:
        return [o for o in self.outcomes if o.errors]

    @property
    def ok(self) -> bool:
        return not self.file_errors and not any(o.errors for o in self.outcomes)

    def as_json(self) -> dict:
        good = [o for o in self.outcomes if not o.errors]
        return {
            "file_errors": self.file_errors,
            "errors": [o.as_json() for o in self.error_rows],
            "sample": [o.as_json() for o in good[:SAMPLE_ROWS]],
            "new": sum(1 for o in good if o.action == Action.NEW),
            "update": sum(1 for o in good if o.action == Action.UPDATE),
        }


Progress = Callable[[str, int, int], None]  # (stage, done, total)


class _Rollback(Exception):
    pass


class Importer:
    """Base of one import kind: its columns, how rows are checked, and how they are written."""

    kind: ClassVar[str]
    fields: ClassVar[tuple[Field, ...]]
    # The template's help sheet: lines about this kind's layout, and whether importing a file again
    # updates the records (kinds keyed by a code or ID number) or refuses what is already on record.
    notes: ClassVar[tuple[str | Promise, ...]] = ()
    updates_on_reimport: ClassVar[bool] = True

    def __init__(self, *, scope: Scope, user: Any = None, progress: Progress | None = None) -> None:
        self.scope = scope
        self.user = user
        self._on_progress = progress or (lambda stage, done, total: None)
        self.headers: dict[str, str] = {f.key: f.header for f in self.fields}
        self.deadline: Deadline | None = None

    # -- to be provided by each kind
    def check(self, rows: list[SourceRow], report: Report) -> Any:
        """Append one outcome per row to ``report`` and return the plan ``write`` needs."""
        raise NotImplementedError

    def write(self, plan: Any, report: Report) -> None:
        """Carry out the plan; set ``report.created`` and ``report.updated``."""
        raise NotImplementedError

    # -- shared
    def progress(self, stage: str, done: int, total: int) -> None:
        """Report progress (kinds call it as they check and write); past the time limit, stop the run."""
        if self.deadline is not None:
            self.deadline.check()
        self._on_progress(stage, done, total)

    def run(
        self,
        fileobj: IO[bytes],
        *,
        commit: bool,
        max_rows: int | None = None,
        limits: Limits | None = None,
        before_commit: Callable[[Report], None] | None = None,
    ) -> Report:
        """Preview (``commit=False``) or commit the file, within ``limits`` (the settings' by default).

        ``before_commit`` runs inside the commit's transaction once every row is written: what it
        writes (the job's status) is committed with the rows or not at all, and it may refuse.
        """
        limits = limits or Limits.from_settings()
        if max_rows is not None:
            limits = replace(limits, rows=max_rows)
        self.deadline = Deadline(limits.seconds)
        report = Report()
        try:
            self._run(fileobj, commit=commit, limits=limits, report=report, before_commit=before_commit)
        except (FileProblem, LimitExceeded) as exc:
            # The whole file is refused (also half-way through checking or writing): nothing was written.
            report.outcomes, report.created, report.updated = [], 0, 0
            report.file_errors = [exc.message]
        finally:
            self.deadline = None
        report.outcomes.sort(key=lambda o: o.number)
        return report

    def _run(
        self,
        fileobj: IO[bytes],
        *,
        commit: bool,
        limits: Limits,
        report: Report,
        before_commit: Callable[[Report], None] | None,
    ) -> None:
        rows = self.read(fileobj, limits=limits)
        report.total = len(rows)
        if not rows:
            report.file_errors.append(gettext("文件中没有数据行。"))
            return
        if not commit:
            self.check(rows, report)
            self.progress("check", len(rows), len(rows))
            return
        try:
            # Checking inside the transaction: what is written is what was just validated.
            with transaction.atomic():
                plan = self.check(rows, report)
                if not report.ok:
                    raise _Rollback
                self.write(plan, report)
                self.progress("write", len(rows), len(rows))  # the time limit, once more, before committing
                if before_commit is not None:
                    report.outcomes.sort(key=lambda o: o.number)
                    before_commit(report)
        except _Rollback:
            report.created = report.updated = 0

    def read(self, fileobj: IO[bytes], *, limits: Limits) -> list[SourceRow]:
        deadline = self.deadline or Deadline(limits.seconds)
        inspect_archive(fileobj, limits, deadline)
        try:
            workbook = load_workbook(fileobj, read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a file that is not an .xlsx
            raise FileProblem(gettext("无法读取该文件，请上传用本系统模板填写的 .xlsx 文件。")) from None
        try:
            sheet = workbook.worksheets[0]  # the data sheet comes first; "说明" second
            max_columns = len(self.fields) + EXTRA_COLUMNS
            estimate = self._refuse_declared_size(sheet, limits)
            # The declared dimension is not trusted: read the rows that are there (a dimension shorter
            # than the data would otherwise drop the rows past it without a word).
            sheet.reset_dimensions()
            lines = sheet.iter_rows(values_only=True)
            header = next(lines, None) or ()
            self._refuse_far_columns(1, header, max_columns)
            columns = self._map_columns(header)
            rows: list[SourceRow] = []
            for number, values in enumerate(lines, start=2):
                deadline.check()
                self._refuse_far_columns(number, values, max_columns)
                if all(is_blank(v) for v in values):
                    continue  # empty rows (trailing ones too) are not data
                if len(rows) >= limits.rows:
                    raise FileProblem(gettext("文件超过 %(max)d 行，请分批导入。") % {"max": limits.rows})
                rows.append(self._parse_row(number, values, columns))
                if len(rows) % 500 == 0:
                    self.progress("read", len(rows), max(estimate, len(rows)))
            self.progress("read", len(rows), len(rows))
            return rows
        finally:
            workbook.close()

    def _refuse_declared_size(self, sheet: Any, limits: Limits) -> int:
        """Refuse a sheet that claims more rows or cells than an import may have; return the rows it claims.

        A claim within the limits is only an estimate for the progress bar: the rows are read as they are.
        """
        rows, columns = sheet.max_row or 0, sheet.max_column or 0
        if rows - 1 > limits.rows or rows * columns > limits.cells:
            raise FileProblem(
                gettext(
                    "工作表声明的数据范围是 %(range)s（%(rows)s 行 × %(columns)s 列），超过导入上限"
                    "（%(max_rows)s 行、%(max_cells)s 个单元格）。请删除多余的空行和空列，"
                    "或把数据复制到新下载的模板中再导入。"
                )
                % {
                    "range": f"A1:{get_column_letter(min(columns, 18278))}{rows}",
                    "rows": f"{rows:,}",
                    "columns": f"{columns:,}",
                    "max_rows": f"{limits.rows:,}",
                    "max_cells": f"{limits.cells:,}",
                }
            )
        return max(rows - 1, 0)

    def _refuse_far_columns(self, number: int, values: tuple, max_columns: int) -> None:
        """Refuse content beyond the template's columns and the margin for notes."""
        tail = values[max_columns:]
        if not tail or tail.count(None) == len(tail):  # the usual case, at C speed
            return
        for offset, value in enumerate(tail):
            if not is_blank(value):
                raise FileProblem(
                    gettext(
                        "第 %(row)d 行的 %(column)s 列有内容，但导入文件最多 %(max)d 列（模板的 %(fields)d 列，"
                        "另可多 %(extra)d 列备注）。请删除多余的列。"
                    )
                    % {
                        "row": number,
                        "column": get_column_letter(max_columns + offset + 1),
                        "max": max_columns,
                        "fields": len(self.fields),
                        "extra": EXTRA_COLUMNS,
                    }
                )

    def _map_columns(self, header: Iterable[object]) -> dict[int, Field]:
        by_name = {name: f for f in self.fields for name in f.names()}
        columns: dict[int, Field] = {}
        for index, title in enumerate(header):
            spec = by_name.get(normalize_header(title))
            if spec is None:
                continue  # extra columns (notes, serial numbers) are ignored
            if spec in columns.values():
                raise FileProblem(gettext("“%(column)s”列出现了两次。") % {"column": spec.header})
            columns[index] = spec
            self.headers[spec.key] = parse_text(title)
        missing = [f.header for f in self.fields if f.required and f not in columns.values()]
        if missing:
            raise FileProblem(
                gettext("缺少必填列：%(columns)s。请使用本系统提供的模板。") % {"columns": "、".join(missing)}
            )
        return columns

    def _parse_row(self, number: int, values: tuple, columns: dict[int, Field]) -> SourceRow:
        row = SourceRow(number, {f.key: None for f in self.fields})
        for index, spec in columns.items():
            raw = values[index] if index < len(values) else None
            try:
                row.values[spec.key] = spec.parse(raw)
            except CellError as exc:
                row.errors.append((self.headers[spec.key], exc.message))
                continue
            if spec.required and is_blank(row.values[spec.key]):
                row.errors.append((self.headers[spec.key], gettext("必填。")))
        for spec in self.fields:
            if row.values[spec.key] is None and spec.parse not in (parse_date, parse_integer):
                row.values[spec.key] = ""
        return row

    # -- helpers for kinds
    def outcome(self, row: SourceRow, action: str, summary: str, errors: list[tuple[str, str]]) -> RowOutcome:
        return RowOutcome(row.number, Action.ERROR if errors else action, summary, errors)

    def column(self, key: str) -> str:
        return self.headers.get(key, "")

    def out_of_scope(self) -> str:
        return gettext("不在您的管辖范围内。")

    def duplicate(self, first_row: int) -> str:
        return gettext("与本文件第 %(row)d 行重复。") % {"row": first_row}
