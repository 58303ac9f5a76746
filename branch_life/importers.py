"""Excel imports of branch life (F-IO): meetings with their attendance, and dues payments.

Registered in the import registry (``common.importers``), so the import page lists them beside the
foundation's kinds and runs them the same way: a background job, a preview, then all rows or none.

Every row goes through the services the pages call (``services.meeting_record``, ``services.dues_pay``),
so a row is refused exactly as the page would refuse it (a decision meeting without quorum, an attendee
who is not a member, a payment for a month still to come, a month already paid), with its line number.
The preview runs the services inside a savepoint that it rolls back; rows see the file's earlier rows
(the same month twice in one file is refused as on the page). The commit checks again and writes, in
the one transaction of the run.

Members are named as the branch secretary writes them: by name, among the members of the row's village
branch. Two members of one branch with the same name are told apart by the last four characters of the
ID number, ``张三(0247)``, or, in the dues file, by the ID number column.
"""

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.checks import parse_amount
from common.importers import register
from common.money import yuan
from common.punctuation import colon
from common.scope import Right
from exchange.importers.common import messages_of
from exchange.importing import (
    Action,
    CellError,
    Field,
    Importer,
    Report,
    SourceRow,
    choice,
    is_blank,
    parse_code,
    parse_date,
    parse_id_number,
    parse_text,
)
from organizations.models import Organization, OrganizationKind
from people.id_numbers import normalize
from people.models import PartyMembership, Person

from . import checks, services
from .models import AttendanceStatus, MeetingKind, month_start

# -- cells --------------------------------------------------------------------------------------

_MONTH_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?")
_NAMES_SPLIT = re.compile(r"[、,，;；\n]+")
_NAME_SUFFIX = re.compile(r"^(.+?)\s*[(（]\s*([0-9Xx]{4})\s*[)）]$")


def parse_month(value: object) -> dt.date | None:
    """Read a month: an Excel date (any day of it), ``YYYY-MM``, ``YYYY/MM``, ``YYYY年MM月`` or a full date."""
    if is_blank(value):
        return None
    if isinstance(value, (dt.date, int, float)) and not isinstance(value, bool):
        day = parse_date(value)
        return month_start(day) if day else None
    text = parse_text(value)
    found = _MONTH_TEXT.fullmatch(text)
    if found and 1 <= int(found.group(2)) <= 12:
        return dt.date(int(found.group(1)), int(found.group(2)), 1)
    try:
        day = parse_date(text)
    except CellError:
        raise CellError(gettext("月份“%(value)s”无法识别，请使用 YYYY-MM 格式。") % {"value": text}) from None
    return month_start(day) if day else None


def parse_money(value: object) -> Decimal | None:
    """Read an amount in 元 (a number cell or text such as ``0.50`` or ``0.5元``); blank is None."""
    if is_blank(value):
        return None
    if isinstance(value, float):
        value = repr(value)  # the number as typed in the cell (0.5), not its binary expansion
    text = parse_text(value).removesuffix("元").strip()
    try:
        return parse_amount(text, positive=True)
    except ValidationError as exc:
        raise CellError(" ".join(exc.messages)) from None


def names_in(value: object) -> list[str]:
    """The names in a cell, separated by 、 , ; or line breaks."""
    return [name.strip() for name in _NAMES_SPLIT.split(parse_text(value)) if name.strip()]


# -- shared by both kinds -----------------------------------------------------------------------


class _BranchImporter(Importer):
    """Rows of a village branch: the village's code checked against the scope, members found by name."""

    updates_on_reimport = False
    # a service's field -> our column key, for its refusals
    error_columns: dict[str, str]
    village_names: dict[str, str]

    def place(self, row: SourceRow) -> str:
        code = row.values["village_code"]
        return getattr(self, "village_names", {}).get(code, code)

    def village_of(self, row: SourceRow, villages: dict[str, Organization], errors: list[tuple[str, str]]) -> Any:
        code = row.values["village_code"]
        if not code:
            return None
        if not self.scope.may(Right.MANAGE, code=code):
            errors.append((self.column("village_code"), self.out_of_scope()))
            return None
        village = villages.get(code)
        if village is None:
            errors.append((self.column("village_code"), gettext("找不到代码为“%(code)s”的行政村。") % {"code": code}))
        return village

    def load(self, rows: list[SourceRow]) -> tuple[dict[str, Organization], dict[int, list[PartyMembership]]]:
        """The rows' villages (by code) and their members (by village id): two queries for the whole file."""
        codes = sorted({r.values["village_code"] for r in rows if r.values["village_code"]})
        villages = {
            v.code: v
            for v in Organization.objects.filter(code__in=codes, kind=OrganizationKind.VILLAGE).select_related("parent")
        }
        self.village_names = {code: v.display_name for code, v in villages.items()}
        members: dict[int, list[PartyMembership]] = defaultdict(list)
        for m in PartyMembership.objects.filter(branch__in=list(villages.values())).select_related("person"):
            members[m.branch_id].append(m)
        return villages, members

    def find(self, token: str, members: Iterable[PartyMembership], village: Organization) -> Person | str:
        """The member a name stands for, or a message saying why none (unknown name, or two of that name)."""
        suffix = ""
        found = _NAME_SUFFIX.match(token)
        if found:
            token, suffix = found.group(1).strip(), found.group(2).upper()
        matches = [m.person for m in members if m.person.name == token]
        if suffix:
            matches = [p for p in matches if normalize(p.id_number or "").endswith(suffix)]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            return ""  # not a member of the branch: the caller refuses it as the page does
        return gettext(
            "%(branch)s党支部有%(count)d名党员叫%(name)s，请在姓名后加身份证号后四位，如“%(name)s(0247)”。"
        ) % {
            "branch": village.name,
            "count": len(matches),
            "name": token,
        }

    def refusal(self, exc: ValidationError) -> list[tuple[str, str]]:
        return [(self.column(self.error_columns.get(name, "")), message) for name, message in messages_of(exc)]

    def try_rows(
        self, planned: list[tuple[SourceRow, dict[str, Any]]], call: Callable[[dict[str, Any]], Any], report: Report
    ) -> list[dict[str, Any]]:
        """Run the service on each planned row inside a savepoint rolled back at the end; report each row."""
        plan: list[dict[str, Any]] = []

        class Undo(Exception):
            pass

        try:
            with transaction.atomic():
                for done, (row, kwargs) in enumerate(planned, start=1):
                    try:
                        with transaction.atomic():
                            written = call(kwargs)
                    except ValidationError as exc:
                        report.outcomes.append(self.outcome(row, Action.ERROR, self.summary(row), self.refusal(exc)))
                    else:
                        report.outcomes.append(self.outcome(row, Action.NEW, self.summary(row, written), []))
                        plan.append(kwargs)
                    if done % 50 == 0:
                        self.progress("check", done, len(planned))
                raise Undo
        except Undo:
            pass
        return plan

    def summary(self, row: SourceRow, written: Any = None) -> str:
        raise NotImplementedError


# -- meetings -----------------------------------------------------------------------------------

MEETING_NOTES = (
    _("每行一次会议。出席、请假、缺席三列填写本支部党员姓名，用顿号（、）或逗号分隔。"),
    _(
        "会议日期当天已是本支部党员、但三列都没有填写的党员，记为缺席。同名党员请在姓名后加身份证号后四位，如“张三(0247)”。"
    ),
    _("支部党员大会、民主评议党员填写了决定事项的，出席的正式党员须超过应到正式党员的半数。"),
)


@register("meetings", _("组织生活会议（含出席）"), order=60)
class MeetingImporter(_BranchImporter):
    kind = "meetings"
    notes = MEETING_NOTES
    error_columns = {
        "branch": "village_code",
        "kind": "kind",
        "date": "date",
        "topic": "topic",
        "presided_by": "presided_by",
        "decisions": "decisions",
        "attendance": "present",
    }
    fields = (
        Field(
            "village_code",
            "村代码",
            "Village code",
            parse_code,
            True,
            _("召开会议的村党支部的12位区划代码。"),
            "350725100201",
            text_format=True,
        ),
        Field(
            "kind",
            "会议类型",
            "Meeting type",
            choice(MeetingKind),
            True,
            _("支部党员大会、支委会、党小组会、党课、主题党日、组织生活会或民主评议党员。"),
            "主题党日",
        ),
        Field("date", "日期", "Date", parse_date, True, _("YYYY-MM-DD 或Excel日期；不能晚于今天。"), "2010-12-01"),
        Field("topic", "主题", "Topic", parse_text, True, _("会议主题。"), "学习党的十七届五中全会精神"),
        Field(
            "presided_by", "主持人", "Presided by", parse_text, False, _("主持会议的本支部党员姓名；可不填。"), "陈书记"
        ),
        Field("present", "出席", "Present", parse_text, False, _("出席的党员姓名，用顿号分隔。"), "陈书记、李党员"),
        Field("excused", "请假", "Excused", parse_text, False, _("请假的党员姓名，用顿号分隔。"), ""),
        Field(
            "absent", "缺席", "Absent", parse_text, False, _("缺席的党员姓名，用顿号分隔；未填写的党员也记为缺席。"), ""
        ),
        Field("decisions", "决定事项", "Decisions", parse_text, False, _("会议作出的决定；没有决定可不填。"), ""),
    )

    def check(self, rows: list[SourceRow], report: Report) -> Any:
        villages, members = self.load(rows)
        seen: dict[tuple, int] = {}
        planned: list[tuple[SourceRow, dict[str, Any]]] = []
        for row in rows:
            errors = list(row.errors)
            village = self.village_of(row, villages, errors)
            kwargs = self._meeting(row, village, members.get(village.pk, []) if village else [], errors)
            v = row.values
            key = (v["village_code"], v["kind"], v["date"], v["topic"])
            if not errors and key in seen:
                errors.append((self.column("topic"), self.duplicate(seen[key])))
            seen.setdefault(key, row.number)
            if not errors and village is not None and self._on_record(village, v):
                errors.append((self.column("topic"), gettext("这次会议已经登记过了（同一支部、类型、日期和主题）。")))
            if errors:
                report.outcomes.append(self.outcome(row, Action.ERROR, self.summary(row), errors))
            else:
                planned.append((row, kwargs))
        self.counts = {row.number: kwargs["attendance"] for row, kwargs in planned}
        return self.try_rows(planned, lambda kwargs: services.meeting_record(**kwargs), report)

    def _on_record(self, village: Organization, v: dict[str, Any]) -> bool:
        return village.meetings.filter(kind=v["kind"], date=v["date"], topic=v["topic"]).exists()

    def _meeting(
        self,
        row: SourceRow,
        village: Organization | None,
        members: list[PartyMembership],
        errors: list[tuple[str, str]],
    ) -> dict[str, Any]:
        v = row.values
        if village is None or errors:
            return {}
        attendance: dict[int, str] = {}
        outside: list[str] = []
        for key, status in (
            ("present", AttendanceStatus.PRESENT),
            ("excused", AttendanceStatus.EXCUSED),
            ("absent", AttendanceStatus.ABSENT),
        ):
            for token in names_in(v[key]):
                person = self.find(token, members, village)
                if isinstance(person, str):
                    if person:
                        errors.append((self.column(key), person))
                    else:
                        outside.append(token)
                elif person.pk in attendance:
                    message = gettext("%(name)s在出席、请假、缺席中填写了两次。") % {"name": token}
                    errors.append((self.column(key), message))
                else:
                    attendance[person.pk] = status
        presided_by = None
        if v["presided_by"]:
            found = self.find(v["presided_by"], members, village)
            if isinstance(found, str):
                if found:
                    errors.append((self.column("presided_by"), found))
                else:
                    outside.append(v["presided_by"])
            else:
                presided_by = found
        if outside:
            try:
                checks.attendees_are_members(set(outside), village.name)
            except ValidationError as exc:
                errors.extend(self.refusal(exc))
        # Members of the branch by the meeting's day who are in none of the three columns were absent.
        for m in members:
            if v["date"] and m.joined_on <= v["date"]:
                attendance.setdefault(m.person_id, AttendanceStatus.ABSENT)
        return {
            "branch": village,
            "kind": v["kind"],
            "date": v["date"],
            "topic": v["topic"],
            "presided_by": presided_by,
            "decisions": v["decisions"],
            "attendance": attendance,
        }

    def summary(self, row: SourceRow, written: Any = None) -> str:
        v = row.values
        kind = str(MeetingKind(v["kind"]).label) if v["kind"] in MeetingKind.values else v["kind"]
        text = f"{self.place(row)} {v['date'] or ''} {kind}{colon()}{v['topic']}".strip()
        attendance = getattr(self, "counts", {}).get(row.number)
        if written is None or attendance is None:
            return text
        statuses = list(attendance.values())
        return (
            text
            + " · "
            + gettext("出席%(present)d人、请假%(excused)d人、缺席%(absent)d人")
            % {
                "present": statuses.count(AttendanceStatus.PRESENT),
                "excused": statuses.count(AttendanceStatus.EXCUSED),
                "absent": statuses.count(AttendanceStatus.ABSENT),
            }
        )

    def write(self, plan: Any, report: Report) -> None:
        for done, kwargs in enumerate(plan, start=1):
            services.meeting_record(**kwargs, actor=self.user)
            if done % 50 == 0:
                self.progress("write", done, len(plan))
        report.created = len(plan)


# -- dues payments ------------------------------------------------------------------------------

DUES_NOTES = (
    _("每行一名党员一个月的党费。按村代码和姓名找到本支部党员；同名党员请填写身份证号。"),
    _("金额不填时按该党员核定的每月党费登记；交纳日期不填时为导入当天。"),
)


@register("dues_payments", _("党费交纳"), order=70)
class DuesPaymentImporter(_BranchImporter):
    kind = "dues_payments"
    notes = DUES_NOTES
    error_columns = {
        "member": "name",
        "month": "month",
        "amount": "amount",
        "paid_on": "paid_on",
        "date": "paid_on",
        "branch": "village_code",
    }
    fields = (
        Field(
            "village_code",
            "村代码",
            "Village code",
            parse_code,
            True,
            _("党员所在村党支部的12位区划代码。"),
            "350725100201",
            text_format=True,
        ),
        Field("name", "姓名", "Name", parse_text, True, _("交纳党费的党员姓名。"), "李党员"),
        Field(
            "id_number",
            "身份证号",
            "ID number",
            parse_id_number,
            False,
            _("同一支部有同名党员时填写，以文本格式填写；可不填。"),
            "",
            text_format=True,
        ),
        Field("month", "所属月份", "Month", parse_month, True, _("YYYY-MM；不能是尚未到来的月份。"), "2010-11"),
        Field("amount", "金额（元）", "Amount (yuan)", parse_money, False, _("不填时按核定的每月党费。"), "0.50"),
        Field("paid_on", "交纳日期", "Date paid", parse_date, False, _("YYYY-MM-DD；不填时为今天。"), "2010-12-01"),
    )

    def check(self, rows: list[SourceRow], report: Report) -> Any:
        villages, members = self.load(rows)
        planned: list[tuple[SourceRow, dict[str, Any]]] = []
        for row in rows:
            errors = list(row.errors)
            village = self.village_of(row, villages, errors)
            member = None
            if village is not None and not errors:
                member = self._member(row, village, members.get(village.pk, []), errors)
            if errors or member is None:
                report.outcomes.append(self.outcome(row, Action.ERROR, self.summary(row), errors))
                continue
            v = row.values
            planned.append(
                (row, {"member": member, "month": v["month"], "amount": v["amount"] or None, "paid_on": v["paid_on"]})
            )
        return self.try_rows(planned, lambda kwargs: services.dues_pay(**kwargs), report)

    def _member(
        self, row: SourceRow, village: Organization, members: list[PartyMembership], errors: list[tuple[str, str]]
    ) -> Person | None:
        v = row.values
        number = normalize(v["id_number"]) if v["id_number"] else ""
        if number:
            matches = [m.person for m in members if normalize(m.person.id_number or "") == number]
            if matches and matches[0].name != v["name"]:
                message = gettext("身份证号对应的党员是%(name)s，与姓名不符。") % {"name": matches[0].name}
                errors.append((self.column("id_number"), message))
                return None
            found: Person | str = matches[0] if matches else ""
        else:
            found = self.find(v["name"], members, village)
        if isinstance(found, str):
            if found:
                errors.append((self.column("name"), found))
            else:
                try:
                    checks.member_of_branch(False, v["name"], village.name)
                except ValidationError as exc:
                    errors.extend((self.column("name"), m) for m in exc.messages)
            return None
        return found

    def summary(self, row: SourceRow, written: Any = None) -> str:
        v = row.values
        month = f"{v['month']:%Y-%m}" if v["month"] else ""
        text = f"{self.place(row)} {v['name']} {month}".strip()
        return f"{text} {yuan(written.amount)}" if written is not None else text

    def write(self, plan: Any, report: Report) -> None:
        for done, kwargs in enumerate(plan, start=1):
            services.dues_pay(**kwargs)
            if done % 50 == 0:
                self.progress("write", done, len(plan))
        report.created = len(plan)
