"""Import of the sub-record sheets, in the layout the export writes: preview first, then all sheets or nothing.

Built on the Excel framework of ``exchange`` (its cell parsers, column specs, file limits and row
reports) but kept in this app: ``exchange`` lies below and cannot import it. Each sheet is found
by its title (Chinese or English), each row keyed by the member's ID number as the national
system keys it. A masked number (an export for a viewer who sees members masked) is matched on
the name and the mask among the members the importer keeps, and only when exactly one fits.
A row whose natural key (``kinds.Kind.key``) matches a stored row updates it, and an unchanged
row is left alone, so importing an export again changes nothing. A masked family phone keeps
the stored phone whose mask it is. The commit checks the file again inside one transaction and
writes every row of every sheet through ``services.record_save``, or none.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from common import clock
from common.scope import Right, Scope
from exchange.importing import (
    CellError,
    Field,
    FileProblem,
    Importer,
    Report,
    RowOutcome,
    SourceRow,
    choice,
    parse_date,
    parse_id_number,
    parse_text,
)
from exchange.limits import Deadline, LimitExceeded, Limits, inspect_archive
from people.id_numbers import mask_id_number, normalize
from people.models import PartyMembership, Person
from people.phones import mask_phone

from . import checks, services
from .exports import ID_NUMBER, MEMBER_NAME
from .kinds import KINDS, Kind, verbose

SAME = "same"  # a row equal to the stored one: nothing to write


def _both(text: Any) -> tuple[str, str]:
    with translation.override("zh-hans"):
        zh = str(text)
    with translation.override("en"):
        en = str(text)
    return zh, en


def _parser(kind: Kind, name: str) -> Callable[[object], Any]:
    if name in kind.dates:
        return parse_date
    if name in kind.choices:
        return choice(kind.choices[name])
    return parse_text


def sheet_fields(kind: Kind) -> tuple[Field, ...]:
    name_zh, name_en = _both(MEMBER_NAME)
    id_zh, id_en = _both(ID_NUMBER)
    specs = [
        Field("member_name", name_zh, name_en),
        Field("member_id", id_zh, id_en, parse=parse_id_number, required=True, text_format=True),
    ]
    for name in kind.fields:
        zh, en = _both(verbose(kind, name))
        model_field = kind.model._meta.get_field(name)
        required = not (model_field.blank or model_field.null)  # type: ignore[union-attr]
        specs.append(Field(name, zh, en, parse=_parser(kind, name), required=required))
    return tuple(specs)


class SheetReader(Importer):
    """The columns of one kind's sheet (the framework's header mapping and cell parsing)."""

    def __init__(self, kind: Kind, *, scope: Scope) -> None:
        self.fields = sheet_fields(kind)  # type: ignore[misc]
        super().__init__(scope=scope)

    def rows(self, sheet: Any, limits: Limits, deadline: Deadline) -> list[SourceRow]:
        self._refuse_declared_size(sheet, limits)
        sheet.reset_dimensions()
        lines = sheet.iter_rows(values_only=True)
        header = next(lines, None) or ()
        columns = self._map_columns(header)
        rows: list[SourceRow] = []
        for number, values in enumerate(lines, start=2):
            deadline.check()
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            if len(rows) >= limits.rows:
                raise FileProblem(_("文件超过 %(max)d 行，请分批导入。") % {"max": limits.rows})
            rows.append(self._parse_row(number, values, columns))
        return rows


@dataclass
class SheetReport:
    kind: Kind
    report: Report = field(default_factory=Report)
    plan: list[tuple[Person, dict[str, Any], Any]] = field(default_factory=list)
    reader: SheetReader | None = None

    @property
    def counts(self) -> dict[str, int]:
        good = [o for o in self.report.outcomes if not o.errors]
        return {action: sum(1 for o in good if o.action == action) for action in ("new", "update", SAME)}

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.slug,
            "title": str(self.kind.title),
            **self.counts,
            "errors": [o.as_json() for o in self.report.error_rows],
        }


@dataclass
class WorkbookReport:
    sheets: list[SheetReport] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    written: int = 0

    @property
    def ok(self) -> bool:
        return not self.file_errors and bool(self.sheets) and all(s.report.ok for s in self.sheets)

    def as_json(self) -> dict[str, Any]:
        return {
            "file_errors": self.file_errors,
            "sheets": [s.as_json() for s in self.sheets],
            "written": self.written,
            "ok": self.ok,
        }


class _Rollback(Exception):
    pass


def run(fileobj: IO[bytes], *, scope: Scope, commit: bool, limits: Limits | None = None) -> WorkbookReport:
    """Preview (``commit=False``) or commit an exported (or filled-in) workbook of sub-record sheets."""
    limits = limits or Limits.from_settings()
    deadline = Deadline(limits.seconds)
    result = WorkbookReport()
    try:
        inspect_archive(fileobj, limits, deadline)
        try:
            workbook = load_workbook(fileobj, read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a file that is not an .xlsx
            raise FileProblem(_("无法读取该文件，请上传用本系统模板填写的 .xlsx 文件。")) from None
        try:
            titles = {ws.title.strip(): ws for ws in workbook.worksheets}
            read: list[tuple[SheetReport, list[SourceRow]]] = []
            for kind in KINDS.values():
                sheet = next((titles[t] for t in _both(kind.title) if t in titles), None)
                if sheet is not None:
                    reader = SheetReader(kind, scope=scope)
                    read.append((SheetReport(kind, reader=reader), reader.rows(sheet, limits, deadline)))
        finally:
            workbook.close()
        if not read:
            names = "、".join(_both(k.title)[0] for k in KINDS.values())
            raise FileProblem(_("文件中没有可导入的工作表，工作表名称应为：%(names)s。") % {"names": names})
        if not commit:
            _check(read, scope, result)
            return result
        try:
            with transaction.atomic():
                _check(read, scope, result)
                if not result.ok:
                    raise _Rollback
                for sheet_report, _rows in read:
                    for person, values, item in sheet_report.plan:
                        services.record_save(
                            scope=scope, kind=sheet_report.kind, person=person, values=values, item=item
                        )
                        result.written += 1
                deadline.check()
        except _Rollback:
            result.written = 0
    except (FileProblem, LimitExceeded) as exc:
        result.sheets, result.written = [], 0
        result.file_errors = [exc.message]
    except ValidationError as exc:  # the database changed between the check and the write: nothing written
        result.sheets, result.written = [], 0
        result.file_errors = list(exc.messages)
    return result


def _members(rows: list[SourceRow], scope: Scope) -> tuple[dict[str, Person], dict[tuple[str, str], list[Person]]]:
    """The people the file names: by full ID number; by (name, mask) among the members the importer keeps."""
    full = {
        normalize(r.values["member_id"]) for r in rows if r.values["member_id"] and "*" not in r.values["member_id"]
    }
    by_number = {
        p.id_number: p
        for p in Person.objects.with_id_numbers(full).select_related("membership__branch", "home_village")
        if p.id_number
    }
    names = {r.values["member_name"] for r in rows if "*" in (r.values["member_id"] or "")}
    by_mask: dict[tuple[str, str], list[Person]] = {}
    if names:
        kept = PartyMembership.objects.filter(scope.right_q(Right.MANAGE, "branch"), person__name__in=names)
        for m in kept.select_related("person__home_village", "branch"):
            by_mask.setdefault((m.person.name, mask_id_number(m.person.id_number or "")), []).append(m.person)
    return by_number, by_mask


def _check(read: list[tuple[SheetReport, list[SourceRow]]], scope: Scope, result: WorkbookReport) -> None:
    every = [row for _sheet, rows in read for row in rows]
    by_number, by_mask = _members(every, scope)
    today = clock.today()
    for sheet_report, rows in read:
        _check_sheet(sheet_report, rows, scope, by_number, by_mask, today)
        result.sheets.append(sheet_report)


def _person_of(row: SourceRow, by_number: dict[str, Person], by_mask: dict[tuple[str, str], list[Person]]) -> Person:
    number = row.values["member_id"] or ""
    if "*" in number:
        found = by_mask.get((row.values["member_name"], number), [])
        if len(found) != 1:
            raise CellError(_("无法按姓名和掩码身份证号确定唯一的党员，请填写完整的身份证号。"))
        return found[0]
    person = by_number.get(normalize(number))
    if person is None:
        raise CellError(_("系统中没有身份证号为“%(value)s”的人员。") % {"value": mask_id_number(normalize(number))})
    return person


def _check_sheet(
    sheet: SheetReport,
    rows: list[SourceRow],
    scope: Scope,
    by_number: dict[str, Person],
    by_mask: dict[tuple[str, str], list[Person]],
    today: dt.date,
) -> None:
    kind = sheet.kind
    assert sheet.reader is not None
    reader_headers = sheet.reader.headers  # as the file heads them
    persons: dict[int, Person] = {}
    located: list[tuple[SourceRow, Person | None, list[tuple[str, str]]]] = []
    for row in rows:
        errors = list(row.errors)
        person: Person | None = None
        if not errors:
            try:
                person = _person_of(row, by_number, by_mask)
            except CellError as exc:
                errors.append((reader_headers["member_id"], exc.message))
        if person is not None:
            persons[person.pk] = person
        located.append((row, person, errors))
    stored = {
        (item.person_id, *(getattr(item, k) for k in kind.key)): item
        for item in kind.model.objects.filter(person_id__in=list(persons))  # type: ignore[attr-defined]
    }
    seen: dict[tuple, int] = {}
    for row, person, errors in located:
        values = {name: row.values[name] for name in kind.fields}
        item = None
        if person is not None and not errors:
            key = (person.pk, *(values[k] for k in kind.key))
            item = stored.get(key)
            if "*" in (values.get("phone") or ""):  # a masked phone stands for the stored one, if it is its mask
                if item is None or mask_phone(item.phone) != values["phone"]:
                    errors.append(
                        (reader_headers["phone"], _("电话号码是掩码，且与已登记的号码不符：请填写完整号码。"))
                    )
                else:
                    values["phone"] = item.phone
            errors.extend(_row_errors(kind, person, values, scope, today, reader_headers))
            if key in seen:
                errors.append(("", sheet.reader.duplicate(seen[key])))
            seen.setdefault(key, row.number)
        if errors:
            action = "error"
        elif item is None:
            action = "new"
        elif all(getattr(item, n) == (values[n] if values[n] is not None else _blank(kind, n)) for n in kind.fields):
            action = SAME
        else:
            action = "update"
        sheet.report.outcomes.append(RowOutcome(row.number, action, _summary(kind, person, row, values), errors))
        sheet.report.total += 1
        if action in ("new", "update") and person is not None:
            sheet.plan.append((person, values, item))


def _summary(kind: Kind, person: Person | None, row: SourceRow, values: dict[str, Any]) -> str:
    """The row as the preview names it: the member and the row's key, choices by their labels."""
    parts = [person.name if person else str(row.values["member_name"] or "")]
    for name in kind.key:
        value = values[name]
        if name in kind.choices and value:
            value = kind.choices[name](value).label
        parts.append(f"{value:%Y-%m-%d}" if isinstance(value, dt.date) else str(value or ""))
    return " ".join(p for p in parts if p)


def _blank(kind: Kind, name: str) -> object:
    return None if name in kind.dates else ""


def _row_errors(
    kind: Kind, person: Person, values: dict[str, Any], scope: Scope, today: dt.date, headers: dict[str, str]
) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    try:
        checks.is_member(services.membership_of(person) is not None)
        checks.may_write(services.may_edit(scope, person))
        cleaned = checks.values_ok(kind, values, today=today)
    except ValidationError as exc:
        for name, messages in (exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}).items():
            errors.extend((headers.get(name, ""), m) for m in messages)
        return errors
    values.update(cleaned)
    return errors
