"""Import kinds for people: party members and households in difficulty, keyed by ID number.

Both validate and write through ``people.bulk`` (chunked lookups, bulk writes with
history) so that a county's 10,000 members import in seconds. This module adds what
the bulk layer does not know about: Excel row numbers, column headers and scope.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.scope import Right
from organizations.models import Organization
from people import bulk
from people.id_numbers import birth_date_of, mask_id_number, normalize, sex_of, validate_id_number
from people.models import Education, HouseholdCause, HouseholdStatus, MembershipStatus, Person, Sex

from ..importing import (
    Action,
    Field,
    Importer,
    Report,
    SourceRow,
    choice,
    parse_code,
    parse_date,
    parse_id_number,
    parse_integer,
    parse_text,
)
from ..models import ImportKind
from .common import in_chunks

SEX = choice(Sex, male="M", female="F", 男性="M", 女性="F")


def _from_id_number(number: str, sex: str, born: dt.date | None) -> tuple[str, dt.date | None]:
    """Fill a blank sex or birth date from a valid ID number (both are written in it)."""
    try:
        validate_id_number(number)
    except ValidationError:
        return sex, born
    return sex or sex_of(number), born or birth_date_of(number)


class PersonImporter(Importer):
    """Shared by kinds keyed by a person's ID number: duplicates in the file and the scope check."""

    id_key: str
    name_key: str
    # bulk field name -> our column key, for messages from ``people.bulk`` and the models
    error_columns: dict[str, str]

    def candidates(self, rows: list[SourceRow], report: Report) -> list[SourceRow]:
        """Report rows that already fail (parse errors, duplicates, scope); return the rest."""
        numbers = sorted({normalize(r.values[self.id_key]) for r in rows if r.values[self.id_key]})
        outside = self._outside_scope(numbers)
        seen: dict[str, int] = {}
        kept: list[SourceRow] = []
        for row in rows:
            number = normalize(row.values[self.id_key])
            errors = list(row.errors)
            if number and number in seen:
                errors.append((self.column(self.id_key), self.duplicate(seen[number])))
            elif number:
                seen[number] = row.number
            village_code = row.values["village_code"]
            if village_code and not self.scope.may(Right.MANAGE, code=village_code):
                errors.append((self.column("village_code"), self.out_of_scope()))
            elif number in outside:
                # The person is on record under someone else's organizations: not ours to change.
                errors.append((self.column(self.id_key), self.out_of_scope()))
            if errors:
                report.outcomes.append(self.outcome(row, Action.ERROR, self.summary(row), errors))
            else:
                kept.append(row)
        return kept

    def _outside_scope(self, numbers: list[str]) -> set[str]:
        if self.scope.is_superuser:
            return set()
        paths = self.scope_paths()
        outside: set[str] = set()
        found = in_chunks(numbers, lambda chunk: Person.objects.with_id_numbers(chunk).values_list("id_number", *paths))
        for number, *codes in found:
            if any(code and not self.scope.may(Right.MANAGE, code=code) for code in codes):
                outside.add(number)
        return outside

    def scope_paths(self) -> list[str]:
        return ["home_village__code", "membership__branch__code", "cadre__organization__code"]

    def summary(self, row: SourceRow) -> str:
        return f"{row.values[self.name_key]} {mask_id_number(normalize(row.values[self.id_key]))}".strip()

    def report_bulk(self, rows: list[SourceRow], result: bulk.UpsertResult, is_new: list[bool], report: Report) -> None:
        by_index: dict[int, list[tuple[str, str]]] = {}
        for error in result.errors:
            column = self.column(self.error_columns.get(error.field, ""))
            by_index.setdefault(error.row, []).append((column, error.message))
        for index, row in enumerate(rows):
            action = Action.NEW if is_new[index] else Action.UPDATE
            report.outcomes.append(self.outcome(row, action, self.summary(row), by_index.get(index, [])))


class MemberImporter(PersonImporter):
    kind = ImportKind.MEMBERS
    id_key = "id_number"
    name_key = "name"
    error_columns = {
        "name": "name",
        "sex": "sex",
        "birth_date": "birth_date",
        "id_number": "id_number",
        "phone": "phone",
        "education": "education",
        "village_code": "village_code",
        "home_village": "village_code",
        "branch": "village_code",
        "group_code": "group_code",
        "group_name": "group_name",
        "party_group": "group_code",
        "status": "status",
        "joined_on": "joined_on",
    }
    fields = (
        Field("name", "姓名", "Name", parse_text, True, _("党员姓名。"), "张三"),
        Field(
            "id_number",
            "身份证号",
            "ID number",
            parse_id_number,
            True,
            _("18位公民身份号码，按此识别同一人：再次导入时更新而不重复。请以文本格式填写。"),
            "350725197503020247",
            text_format=True,
        ),
        Field("sex", "性别", "Sex", SEX, False, _("男或女；不填时按身份证号确定。"), "女"),
        Field(
            "birth_date",
            "出生日期",
            "Birth date",
            parse_date,
            False,
            _("YYYY-MM-DD 或Excel日期；不填时按身份证号确定。"),
            "1975-03-02",
        ),
        Field(
            "village_code",
            "村代码",
            "Village code",
            parse_code,
            True,
            _("所在村党支部的12位区划代码。"),
            "350725100201",
            text_format=True,
        ),
        Field(
            "group_code",
            "党小组代码",
            "Party group code",
            parse_code,
            False,
            _("15位党小组代码；也可只填党小组名称。"),
            "",
            text_format=True,
        ),
        Field(
            "group_name",
            "党小组名称",
            "Party group",
            parse_text,
            False,
            _("本村党小组的名称；可不填。"),
            "念山第一党小组",
        ),
        Field(
            "status",
            "党员类别",
            "Membership status",
            choice(MembershipStatus),
            True,
            _("正式党员或预备党员。"),
            "正式党员",
        ),
        Field("joined_on", "入党日期", "Date joined", parse_date, True, _("YYYY-MM-DD 或Excel日期。"), "1998-07-01"),
        Field(
            "phone", "电话", "Phone", parse_text, False, _("手机或固定电话；可不填。"), "13800001234", text_format=True
        ),
        Field(
            "education",
            "学历",
            "Education",
            choice(Education),
            False,
            _("小学、初中、高中/中专、大专、本科及以上；可不填。"),
            "高中/中专",
        ),
    )

    def check(self, rows: list[SourceRow], report: Report) -> Any:
        kept = self.candidates(rows, report)
        self.progress("check", len(rows) - len(kept), len(rows))
        group_codes = self._group_codes(kept)
        member_rows: list[bulk.MemberRow] = []
        for row in kept:
            v = row.values
            number = normalize(v["id_number"])
            sex, born = _from_id_number(number, v["sex"], v["birth_date"])
            group_code = v["group_code"] or group_codes.get((v["village_code"], v["group_name"]), "")
            member_rows.append(
                bulk.MemberRow(
                    name=v["name"],
                    sex=sex,
                    birth_date=born,
                    id_number=number,
                    village_code=v["village_code"],
                    status=v["status"],
                    joined_on=v["joined_on"],
                    group_code=group_code,
                    phone=v["phone"],
                    education=v["education"],
                )
            )
        result, pairs = bulk.validate_members(member_rows)
        for index, row in enumerate(kept):
            v = row.values
            if v["group_name"] and not v["group_code"] and not member_rows[index].group_code:
                message = gettext("该村没有名为“%(name)s”的党小组。") % {"name": v["group_name"]}
                result.errors.append(bulk.RowError(index, "group_name", message))
        self.report_bulk(kept, result, [p.pk is None for p, _m in pairs], report)
        self.progress("check", len(rows), len(rows))
        return pairs

    def _group_codes(self, rows: list[SourceRow]) -> dict[tuple[str, str], str]:
        villages = sorted(
            {r.values["village_code"] for r in rows if r.values["group_name"] and not r.values["group_code"]}
        )
        found = in_chunks(
            villages,
            lambda chunk: (
                Organization.objects.party_groups()
                .filter(parent__code__in=chunk)
                .values_list("parent__code", "name", "code")
            ),
        )
        return {(village, name): code for village, name, code in found}

    def write(self, plan: Any, report: Report) -> None:
        result = bulk.members_write(
            plan, user=self.user, on_progress=lambda done, total: self.progress("write", done, total)
        )
        report.created, report.updated = result.created, result.updated


class HouseholdImporter(PersonImporter):
    kind = ImportKind.HOUSEHOLDS
    id_key = "head_id_number"
    name_key = "head_name"
    error_columns = {
        "head_name": "head_name",
        "head_sex": "head_sex",
        "head_birth_date": "head_birth_date",
        "head_id_number": "head_id_number",
        "village_code": "village_code",
        "village": "village_code",
        "size": "size",
        "cause": "cause",
        "status": "status",
    }
    fields = (
        Field("head_name", "户主姓名", "Head of household", parse_text, True, _("户主姓名。"), "王五"),
        Field(
            "head_id_number",
            "户主身份证号",
            "Head's ID number",
            parse_id_number,
            True,
            _("户主的18位公民身份号码，按此识别困难户：再次导入时更新而不重复。户主尚未登记时自动登记。"),
            "350725196208150319",
            text_format=True,
        ),
        Field("head_sex", "户主性别", "Head's sex", SEX, False, _("男或女；不填时按身份证号确定。"), "男"),
        Field(
            "head_birth_date",
            "户主出生日期",
            "Head's birth date",
            parse_date,
            False,
            _("YYYY-MM-DD 或Excel日期；不填时按身份证号确定。"),
            "1962-08-15",
        ),
        Field(
            "village_code",
            "村代码",
            "Village code",
            parse_code,
            True,
            _("所在行政村的12位区划代码。"),
            "350725100201",
            text_format=True,
        ),
        Field("size", "家庭人口", "Household size", parse_integer, True, _("1到30之间的整数。"), 4),
        Field(
            "cause",
            "致困原因",
            "Cause",
            choice(HouseholdCause),
            True,
            _("因病、因残、因灾、因学、缺劳力或其他。"),
            "因病",
        ),
        Field(
            "status", "状态", "Status", choice(HouseholdStatus), False, _("困难、好转或已脱困；不填为困难。"), "困难"
        ),
    )

    def scope_paths(self) -> list[str]:
        return [*super().scope_paths(), "households_headed__village__code"]

    def check(self, rows: list[SourceRow], report: Report) -> Any:
        kept = self.candidates(rows, report)
        household_rows: list[bulk.HouseholdRow] = []
        for row in kept:
            v = row.values
            number = normalize(v["head_id_number"])
            sex, born = _from_id_number(number, v["head_sex"], v["head_birth_date"])
            household_rows.append(
                bulk.HouseholdRow(
                    head_name=v["head_name"],
                    head_id_number=number,
                    village_code=v["village_code"],
                    size=v["size"],
                    cause=v["cause"],
                    status=v["status"] or HouseholdStatus.IN_DIFFICULTY,
                    head_sex=sex,
                    head_birth_date=born,
                )
            )
        result, pairs = bulk.validate_households(household_rows)
        self.report_bulk(kept, result, [h.pk is None for _p, h in pairs], report)
        return pairs

    def write(self, plan: Any, report: Report) -> None:
        result = bulk.households_write(
            plan, user=self.user, on_progress=lambda done, total: self.progress("write", done, total)
        )
        report.created, report.updated = result.created, result.updated
