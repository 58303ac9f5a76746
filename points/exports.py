"""The Excel exports of the points pages: the page's rows (scoped, filtered), its columns, one query."""

from django.utils.translation import gettext_lazy as _

from common.xlsx import Column

BALANCE_COLUMNS = [
    Column(_("乡镇"), lambda r: r["township_name"] or "", 12),
    Column(_("村"), lambda r: r["village_name"], 14),
    Column(_("持有人"), lambda r: r["holder__name"], 10),
    Column(_("积分余额"), lambda r: r["balance"] or 0, 10),
    Column(_("获得积分"), lambda r: r["earned"] or 0, 10),
    Column(_("兑换积分"), lambda r: r["redeemed"] or 0, 10),
]

ENTRY_COLUMNS = [
    Column(_("日期"), lambda e: e.date, 12),
    Column(_("持有人"), lambda e: e.holder.name, 10),
    Column(_("类型"), lambda e: e.get_kind_display(), 8),
    Column(_("积分事项"), lambda e: e.get_fact_display() if e.fact else "", 16),
    Column(_("物品"), lambda e: e.item.name if e.item_id else "", 14),
    Column(_("数量"), lambda e: e.quantity or "", 6),
    Column(_("积分"), lambda e: e.points, 8),
    Column(_("说明"), lambda e: e.note, 24),
]

RULE_COLUMNS = [
    Column(_("积分事项"), lambda r: r.get_fact_display(), 20),
    Column(_("每次积分"), lambda r: r.points, 10),
    Column(_("每月上限"), lambda r: r.monthly_cap if r.monthly_cap is not None else "", 10),
]

SUPERMARKET_COLUMNS = [
    Column(_("乡镇/村"), lambda f: f.organization.name, 14),
    Column(_("爱心超市"), lambda f: f.name, 20),
    Column(_("状态"), lambda f: f.get_status_display(), 8),
    Column(_("物品种类"), lambda f: f.items, 8),
]

STOCK_COLUMNS = [
    Column(_("物品"), lambda i: i.name, 20),
    Column(_("所需积分"), lambda i: i.price, 10),
    Column(_("库存数量"), lambda i: i.quantity, 10),
]
