"""The Excel export in the national system's layout: a sheet of basic data, then one sheet per sub-record kind.

Every sheet is keyed by the member's ID number (身份证号), beside the name, as the national system
keys them. The number and the family phones are in full only for a viewer who may see the member
unmasked (``people.selectors.with_shown_contact``, logged), masked for everyone else: the same rule as
the member list's export. The import reads the sub-record sheets back (``member_records.importing``).
"""

from collections.abc import Sequence
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from common.xlsx import Column, workbook_sheets_bytes

from .kinds import KINDS, Kind, verbose
from .selectors import Export

BASIC_TITLE = _("党员基本信息")
NAME = _("姓名")
MEMBER_NAME = _("党员姓名")  # on the sub-record sheets, beside a family member's own 姓名
ID_NUMBER = _("身份证号")


def _township(branch: Any) -> str:
    return branch.parent.name if branch.parent_id else ""


BASIC_COLUMNS = [
    Column(NAME, lambda m: m.person.name, 12),
    Column(ID_NUMBER, lambda m: m.person.shown_id_number, 22),
    Column(_("性别"), lambda m: m.person.get_sex_display(), 6),
    Column(_("出生日期"), lambda m: m.person.shown_birth, 12),
    Column(_("学历"), lambda m: m.person.get_education_display(), 10),
    Column(_("党员类别"), lambda m: m.get_status_display(), 10),
    Column(_("入党日期"), lambda m: m.joined_on, 12),
    Column(_("乡镇"), lambda m: _township(m.branch), 12),
    Column(_("所在支部（村）"), lambda m: m.branch.name, 14),
    Column(_("党小组"), lambda m: m.party_group.name if m.party_group_id else "", 16),
    Column(_("本年参加组织生活次数"), lambda m: m.attended, 10),
    Column(_("党费交至"), lambda m: f"{m.paid_up_to:%Y-%m}" if m.paid_up_to else "", 10),
    Column(_("入党申请日期"), lambda m: m.recruit.applied_on if m.recruit else None, 12),
    Column(_("已完成发展步骤"), lambda m: m.recruit.latest if m.recruit else None, 10),
]


def _value(name: str, has_choices: bool) -> Any:
    def value(item: Any) -> object:
        if name == "phone":
            return item.shown_phone
        if has_choices:
            return getattr(item, f"get_{name}_display")()
        return getattr(item, name)

    return value


def kind_columns(kind: Kind) -> list[Column]:
    columns = [
        Column(MEMBER_NAME, lambda i: i.member.name, 12),
        Column(ID_NUMBER, lambda i: i.member.shown_id_number, 22),
    ]
    for name in kind.fields:
        has_choices = name in kind.choices
        columns.append(Column(verbose(kind, name), _value(name, has_choices), 14 if name in kind.dates else 20))
    return columns


def workbook(export: Export) -> bytes:
    sheets: list[tuple[str | Promise, Sequence[Column], Any]] = [(BASIC_TITLE, BASIC_COLUMNS, export.members)]
    for slug, kind in KINDS.items():
        sheets.append((kind.title, kind_columns(kind), export.items[slug]))
    return workbook_sheets_bytes(sheets)
