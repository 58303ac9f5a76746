"""The report's annex: compliance findings, the Five-Good ranking and the grade distributions."""

import datetime as dt
from collections import Counter

from django.utils import translation
from django.utils.translation import gettext as _

from common.rules import RULES, Severity

from .phrases import date_text, is_chinese
from .writing import Section, Table, Writer

LISTING_ROWS = 200  # findings listed in the annex; the counts per rule cover them all


def annex(w: Writer, as_of: dt.date, top: int) -> Section:
    findings = w.findings
    by_rule = Counter((f.rule, f.severity) for f in findings)
    rule_ids = sorted({f.rule for f in findings})
    red = sum(1 for f in findings if f.severity == Severity.RED)
    date = date_text(as_of)
    if findings:
        summary = _("按%(date)s的记录检查，共发现问题%(total)s条，其中违规或逾期%(red)s条、提醒%(amber)s条。") % {
            "date": date,
            "total": w.n(len(findings)),
            "red": w.n(red),
            "amber": w.n(len(findings) - red),
        }
    else:
        summary = _("按%(date)s的记录检查，未发现问题。") % {"date": date}
    counts = Table(
        _("表1 各规则发现的问题"),
        [_("规则"), _("内容"), _("违规/逾期"), _("提醒"), _("合计")],
        [
            [
                rule_id,
                str(RULES[rule_id].title) if rule_id in RULES else rule_id,
                str(by_rule[(rule_id, Severity.RED)]),
                str(by_rule[(rule_id, Severity.AMBER)]),
                str(by_rule[(rule_id, Severity.RED)] + by_rule[(rule_id, Severity.AMBER)]),
            ]
            for rule_id in rule_ids
        ],
        numeric=[2, 3, 4],
    )
    # The listing is bounded: a year without records (a period just created) finds every unit short
    # of everything, and thousands of rows made a page of megabytes. The compliance page lists them all.
    shown = sorted(findings, key=lambda f: (f.severity != Severity.RED, f.unit, f.rule))[:LISTING_ROWS]
    if len(findings) > len(shown):
        summary += ("" if is_chinese() else " ") + _(
            "问题清单列出其中%(shown)s条（违规或逾期在前），全部问题见“合规检查”页面。"
        ) % {"shown": w.n(len(shown))}
    listing = Table(
        _("表2 问题清单"),
        [_("单位"), _("规则"), _("起始日期"), _("等级"), _("责任人"), _("问题")],
        [
            [
                f.unit_name,
                f.rule,
                f.since.isoformat(),
                str(Severity(f.severity).label),
                ("、" if is_chinese() else ", ").join(
                    f"{a.name}（{a.role}）" if is_chinese() else f"{a.name} ({a.role})" for a in f.accountable
                ),
                f.message(translation.get_language()),
            ]
            for f in shown
        ],
    )
    compliance = Section("compliance", _("一、合规检查结果"), [summary], [counts, listing] if findings else [])

    villages, members = int(w.f["five_good_assessed"]), int(w.f["five_lead_assessed"])
    if villages:
        rank_text = _("%(count)s个村党组织的“五个好”考评已经县级审定，下表列出得分前%(top)s名。") % {
            "count": w.n(villages),
            "top": min(top, villages),
        }
    elif w.summary.has_period:
        rank_text = _("本年度尚无经县级审定的“五个好”考评结果。")
    else:
        rank_text = _("本年度未录入考评周期。")
    tables = []
    if villages:
        tables.append(
            Table(
                _("表3 “五个好”村党组织考评排名"),
                [_("全县排名"), _("村"), _("乡镇"), _("总分"), _("等级")],
                [[str(r.county_rank), r.name, r.township, f"{r.total:.1f}", r.grade] for r in w.summary.ranking[:top]],
                numeric=[0, 3],
            )
        )
    if villages or members:
        good, lead = w.summary.five_good, w.summary.five_lead
        tables.append(
            Table(
                _("表4 考评等次分布"),
                [_("等次"), _("“五个好”村党组织"), _("“五带头”党员")],
                [[g.label, str(g.count), str(m.count)] for g, m in zip(good, lead, strict=True)],
                numeric=[1, 2],
            )
        )
    rankings = Section("rankings", _("二、考评排名与等次分布"), [rank_text], tables)
    return Section("annex", _("附件：合规检查结果与考评排名"), [], [], [compliance, rankings])
