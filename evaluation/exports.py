"""The Excel exports of the standards, periods and cadre performance lists: the page's rows and columns."""

import re
from collections.abc import Callable
from typing import Any

from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from common.sections import RowColumn
from common.xlsx import Column

from .selectors import CadreRow

STANDARD_COLUMNS = [
    Column(_("标准"), lambda s: s.name, 24),
    Column(_("考评对象"), lambda s: s.get_subject_display(), 12),
    Column(_("版本"), lambda s: s.version, 8),
    Column(_("状态"), lambda s: s.get_status_display(), 10),
    Column(_("细则数"), lambda s: s.item_count, 8),
    Column(_("总分"), lambda s: s.total_points, 8),
    Column(_("生效日期"), lambda s: s.effective_from, 12),
]

PERIOD_COLUMNS = [
    Column(_("名称"), lambda p: p.name, 24),
    Column(_("年度"), lambda p: p.year, 8),
    Column(_("开始日期"), lambda p: p.start, 12),
    Column(_("结束日期"), lambda p: p.end, 12),
    Column(_("自评截止"), lambda p: p.self_deadline, 12),
    Column(_("乡镇审核截止"), lambda p: p.review_deadline, 12),
    Column(_("县级审定截止"), lambda p: p.approval_deadline, 12),
]


def _units(row: CadreRow) -> str:
    return "；".join(
        f"{village.display_name} {total if status == 'approved' else _('未审定')}"
        for village, total, _grade, status in row.units
    )


def _cell_text(column: RowColumn, value: object) -> str:
    """A contributed cell as the page reads it, without the markup."""
    html = render_to_string(column.template, {"value": value})
    return re.sub(r"\s+", " ", strip_tags(html.replace("<br>", "；"))).strip()


def cadre_columns(contributed: list[RowColumn]) -> list[Column]:
    columns = [
        Column(_("干部"), lambda r: r.name, 10),
        Column(_("职务"), lambda r: r.post, 14),
        Column(_("单位"), lambda r: r.organization.display_name, 14),
        Column(_("平均分"), lambda r: r.average, 8),
        Column(_("等次分布"), lambda r: "、".join(f"{label} {n}" for label, n in r.grade_counts if n), 20),
        Column(_("所领导单位得分"), _units, 40),
    ]
    for index, column in enumerate(contributed):
        columns.append(Column(column.label, _contributed_cell(index), 30))
    return columns


def _contributed_cell(index: int) -> Callable[[Any], object]:
    return lambda r: _cell_text(*r.cells[index])
