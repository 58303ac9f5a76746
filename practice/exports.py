"""The Excel exports of the five practice lists: the page's rows (scoped, filtered), its columns, one query.

The pages show names, never an ID number or a phone, and so do the exports.
"""

import datetime as dt
from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.xlsx import Column

from .models import Commitment


def _township(obj: object) -> str:
    village = obj.village  # type: ignore[attr-defined]
    return village.parent.name if village.parent_id else ""


POST_COLUMNS = [
    Column(_("乡镇"), _township, 12),
    Column(_("村"), lambda p: p.village.name, 14),
    Column(_("年度"), lambda p: p.year, 8),
    Column(_("岗位类别"), lambda p: p.get_kind_display(), 14),
    Column(_("岗位名称"), lambda p: p.title, 20),
    Column(_("岗位职责"), lambda p: p.duties, 40),
    Column(_("定岗人数"), lambda p: p.capacity, 10),
    Column(_("已定岗"), lambda p: p.assigned, 10),
    Column(_("待定"), lambda p: p.applied, 10),
    Column(_("公布日期"), lambda p: p.announced_on, 12),
]


def commitment_state(c: Commitment, today: dt.date) -> str:
    """What the list shows in its status column."""
    if c.kept:  # type: ignore[attr-defined]
        return str(_("已兑现"))
    if c.deadline < today and not c.reported:  # type: ignore[attr-defined]
        return str(_("逾期未报告"))
    return str(_("践诺中")) if c.reported else str(_("未报告"))  # type: ignore[attr-defined]


def with_state(rows: Iterable[Commitment]) -> Iterator[Commitment]:
    today = timezone.localdate()
    for c in rows:
        c.state = commitment_state(c, today)  # type: ignore[attr-defined]
        yield c


COMMITMENT_COLUMNS = [
    Column(_("乡镇"), _township, 12),
    Column(_("村"), lambda c: c.village.name, 14),
    Column(_("党员"), lambda c: c.member.name, 10),
    Column(_("年度"), lambda c: c.year, 8),
    Column(_("承诺内容"), lambda c: c.text, 40),
    Column(_("完成时限"), lambda c: c.deadline, 12),
    Column(_("公开"), lambda c: str(_("是")) if c.public else str(_("否")), 6),
    Column(_("状态"), lambda c: c.state, 12),
]

VOLUNTEER_COLUMNS = [
    Column(_("乡镇"), _township, 12),
    Column(_("村"), lambda e: e.village.name, 14),
    Column(_("党员"), lambda e: e.member.name, 10),
    Column(_("开始时间"), lambda e: timezone.localtime(e.start), 18),
    Column(_("结束时间"), lambda e: timezone.localtime(e.end), 18),
    Column(_("小时"), lambda e: e.hours, 8),
    Column(_("服务内容"), lambda e: e.activity, 30),
    Column(_("地点"), lambda e: e.place, 16),
    Column(_("状态"), lambda e: e.get_status_display(), 10),
]

AID_COLUMNS = [
    Column(_("乡镇"), _township, 12),
    Column(_("村"), lambda a: a.village.name, 14),
    Column(_("党员"), lambda a: a.member.name, 10),
    Column(_("困难户所在村"), lambda a: a.household.village.name, 14),
    Column(_("困难户"), lambda a: str(a.household), 14),
    Column(_("开始日期"), lambda a: a.start, 12),
    Column(_("结束日期"), lambda a: a.end or str(_("长期")), 12),
    Column(_("走访次数"), lambda a: a.visit_count, 10),
]

GROUP_COLUMNS = [
    Column(_("乡镇"), _township, 12),
    Column(_("村"), lambda g: g.village.name, 14),
    Column(_("名称"), lambda g: g.name, 20),
    Column(_("产业"), lambda g: g.industry, 12),
    Column(_("组长"), lambda g: g.leader.name, 10),
    Column(_("组员"), lambda g: g.member_count, 8),
    Column(_("成立日期"), lambda g: g.founded_on, 12),
]
