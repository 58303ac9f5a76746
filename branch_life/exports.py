"""The Excel exports of branch life's lists: the page's rows (scoped, filtered), its columns, one query."""

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from common.xlsx import Column

from .selectors import months_unpaid


def _township(branch: Any) -> str:
    return branch.parent.name if branch.parent_id else ""


MEETING_COLUMNS = [
    Column(_("乡镇"), lambda m: _township(m.branch), 12),
    Column(_("村"), lambda m: m.branch.name, 14),
    Column(_("日期"), lambda m: m.date, 12),
    Column(_("会议类型"), lambda m: m.get_kind_display(), 14),
    Column(_("主题"), lambda m: m.topic, 30),
    Column(_("主持人"), lambda m: m.presided_by.name if m.presided_by_id else "", 10),
    Column(_("出席"), lambda m: m.present, 8),
    Column(_("应到"), lambda m: m.expected, 8),
    Column(_("决定事项"), lambda m: m.decisions, 40),
]


def dues_columns(today: dt.date) -> list[Column]:
    return [
        Column(_("乡镇"), lambda m: _township(m.branch), 12),
        Column(_("村"), lambda m: m.branch.name, 14),
        Column(_("党员"), lambda m: m.person.name, 10),
        Column(_("本年已交月数"), lambda m: m.months_paid, 10),
        Column(_("本年已交金额（元）"), lambda m: m.paid_total or 0, 12),
        Column(_("最近交纳月份"), lambda m: f"{m.last_paid:%Y-%m}" if m.last_paid else "", 12),
        Column(_("连续欠缴月数"), lambda m: months_unpaid(m.last_paid, m.joined_on, today), 10),
    ]


STATEMENT_COLUMNS = [
    Column(_("所属月份"), lambda r: f"{r.month:%Y-%m}", 12),
    Column(_("金额（元）"), lambda r: r.payment.amount if r.payment else "", 12),
    Column(_("交纳日期"), lambda r: r.payment.paid_on if r.payment else "", 12),
]

NOTICE_COLUMNS = [
    Column(_("发送时间"), lambda n: n.sent_at, 18),
    Column(_("发文单位"), lambda n: n.origin.name, 14),
    Column(_("发送范围"), lambda n: n.target.name, 14),
    Column(_("标题"), lambda n: n.title, 30),
    Column(_("阅读期限"), lambda n: n.deadline, 12),
    Column(_("接收人数"), lambda n: n.recipients, 10),
    Column(_("已读人数"), lambda n: n.read, 10),
]
