"""The Excel exports of the recruitment files, the transfers and the members away: the page's rows (scoped, filtered), its columns."""

from django.utils.translation import gettext_lazy as _

from common.punctuation import semicolon
from common.xlsx import Column

from .templatetags.membership import latest_label, stage_label

RECRUIT_COLUMNS = [
    Column(_("姓名"), lambda row: row.recruit.person.name, 10),
    Column(_("党支部（村）"), lambda row: row.recruit.branch.display_name, 14),
    Column(_("申请日期"), lambda row: row.recruit.applied_on, 12),
    Column(_("阶段"), lambda row: stage_label(row.standing), 12),
    Column(_("已完成步骤"), lambda row: latest_label(row.standing), 24),
    Column(_("下一步"), lambda row: semicolon().join(f"{s.number}. {s.name}" for s in row.standing.next_steps), 30),
    Column(_("期限"), lambda row: row.standing.deadline.due if row.standing.deadline else None, 12),
]

TRANSFER_COLUMNS = [
    Column(_("介绍信编号"), lambda t: t.letter_number, 14),
    Column(_("党员"), lambda t: t.membership.person.name, 10),
    Column(_("转出支部"), lambda t: t.from_branch.display_name if t.from_branch_id else "", 14),
    Column(_("转入支部"), lambda t: t.to_branch.display_name if t.to_branch_id else t.outside, 14),
    Column(_("转接范围"), lambda t: t.get_reach_display(), 12),
    Column(_("介绍信日期"), lambda t: t.on, 12),
    Column(_("有效期至"), lambda t: t.valid_until, 12),
    Column(_("党费交至"), lambda t: t.dues_paid_to, 12),
    Column(_("回执日期"), lambda t: t.received_on, 12),
]

AWAY_COLUMNS = [
    Column(_("姓名"), lambda a: a.membership.person.name, 10),
    Column(_("党支部（村）"), lambda a: a.membership.branch.display_name, 14),
    Column(_("外出地点"), lambda a: a.place, 20),
    Column(_("外出日期"), lambda a: a.since, 12),
    Column(_("联系电话"), lambda a: a.shown_contact, 14),
    Column(_("临时接收党组织"), lambda a: a.receiving, 20),
    Column(_("流动党员活动证编号"), lambda a: a.certificate_number, 16),
    Column(_("活动证发放日期"), lambda a: a.certificate_issued_on, 12),
    Column(_("失联日期"), lambda a: a.lost_since, 12),
    Column(_("返回日期"), lambda a: a.returned_on, 12),
]
