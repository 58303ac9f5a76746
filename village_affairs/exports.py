"""The Excel exports of the accountability cases and a village's feedback inbox: the page's rows and columns.

Both show names as the pages do (a responsible person's name, a villager's name as they left
it, or "anonymous"); the feedback's client hash never leaves the database.
"""

import datetime as dt
from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.xlsx import Column

from .models import Feedback

CASE_COLUMNS = [
    Column(_("乡镇"), lambda c: c.village.parent.name if c.village.parent_id else "", 12),
    Column(_("村"), lambda c: c.village.name, 14),
    Column(_("问题"), lambda c: c.finding_text, 50),
    Column(_("问题起始日期"), lambda c: c.finding_since, 12),
    Column(_("直接责任人"), lambda c: c.directly_responsible.name if c.directly_responsible_id else "", 12),
    Column(_("连带责任人"), lambda c: c.jointly_responsible.name if c.jointly_responsible_id else "", 12),
    Column(_("状态"), lambda c: c.get_status_display(), 10),
    Column(_("处理结果"), lambda c: c.get_outcome_display() if c.outcome else "", 12),
    Column(_("立案时间"), lambda c: timezone.localtime(c.opened_at), 18),
]


def feedback_state(fb: Feedback, today: dt.date) -> str:
    """What the inbox shows of an item's answer: answered, overdue or due on a day."""
    if fb.answered_at:
        return str(_("已答复"))
    if fb.answer_due < today:
        return str(_("逾期未答复"))
    return f"{_('待答复，期限')} {fb.answer_due:%Y-%m-%d}"


def with_state(rows: Iterable[Feedback]) -> Iterator[Feedback]:
    today = timezone.localdate()
    for fb in rows:
        fb.state = feedback_state(fb, today)  # type: ignore[attr-defined]
        yield fb


FEEDBACK_COLUMNS = [
    Column(_("提交时间"), lambda fb: timezone.localtime(fb.created_at), 18),
    Column(_("留言人"), lambda fb: fb.name or str(_("匿名")), 10),
    Column(_("关于"), lambda fb: fb.target_label, 30),
    Column(_("意见内容"), lambda fb: fb.text, 50),
    Column(_("状态"), lambda fb: fb.state, 16),
    Column(_("答复时间"), lambda fb: timezone.localtime(fb.answered_at) if fb.answered_at else None, 18),
    Column(_("答复"), lambda fb: fb.answer, 50),
]


def _signed(entry: object, direction: str) -> object:
    """An entry's amount in its column (income or expense), negative for a reversal, as the page shows it."""
    if entry.direction != direction:  # type: ignore[attr-defined]
        return None
    return -entry.amount if entry.corrects_id else entry.amount  # type: ignore[attr-defined]


LEDGER_COLUMNS = [
    Column(_("日期"), lambda e: e.date, 12),
    Column(_("凭证号"), lambda e: e.voucher, 12),
    Column(_("摘要"), lambda e: e.description, 36),
    Column(_("科目"), lambda e: e.get_category_display(), 14),
    Column(_("收入"), lambda e: _signed(e, "income"), 14),
    Column(_("支出"), lambda e: _signed(e, "expense"), 14),
    Column(_("冲正"), lambda e: e.corrects.voucher if e.corrects_id else "", 12),
]
