"""The report's annex, written for an official to read: the units compared, the compliance findings
grouped by township and kind and counted, the Five-Good ranking and the grade distributions.

No rule codes: a finding is named by its rule's title and told in its own words; each
row is one unit and one kind of finding, with how many there are (missing or overdue,
late or due soon), the earliest one in words and the people accountable.
"""

import datetime as dt
from collections import Counter, defaultdict

from django.utils import translation
from django.utils.translation import gettext as _

from common.rules import RULES, Accountable, Finding, Severity
from organizations.models import Organization, OrganizationKind

from . import report_charts
from .phrases import date_text, is_chinese
from .writing import Section, Table, Writer

# Column widths in Word (cm, A4 less margins is about 16.6 cm): the unit's name never wraps per character.
FINDING_WIDTHS = [2.6, 2.4, 7.6, 4.0]
ACCOUNTABLE_SHOWN = 4
# Unit rows listed in the annex: a year without records (a period just created) finds every unit short of
# everything, and thousands of rows once made a page of megabytes. The counts per kind cover them all.
LISTING_ROWS = 200
PART_NUMBERS = "一二三四五"


def annex(w: Writer, as_of: dt.date, top: int, children: list[Organization] | None = None) -> Section:
    children = report_charts.child_units(w.unit) if children is None else children
    comparison = report_charts.comparison(w.unit, w.period, children, w.findings)
    parts = [p for p in (comparison, compliance(w, as_of, children), rankings(w, top)) if p.heading]
    for i, part in enumerate(parts):
        part.heading = f"{PART_NUMBERS[i]}、{part.heading}" if is_chinese() else f"A.{i + 1} {part.heading}"
    n = 1
    for part in parts:
        for table in part.tables:
            table.caption = _("表%(n)s %(caption)s") % {"n": n, "caption": table.caption}
            n += 1
    return Section("annex", _("附件：主要数据、合规检查结果与考评排名"), [], [], parts)


def _people(findings: list[Finding]) -> str:
    seen: dict[tuple[str, str], Accountable] = {}
    for f in findings:
        for a in f.accountable:
            seen.setdefault((a.name, a.role), a)
    people = list(seen.values())
    text = ("、" if is_chinese() else ", ").join(
        f"{a.name}（{a.role}）" if is_chinese() else f"{a.name} ({a.role})" for a in people[:ACCOUNTABLE_SHOWN]
    )
    if len(people) > ACCOUNTABLE_SHOWN:
        text += _("等%(n)s人") % {"n": len(people)}
    return text or "—"


def _counts(red: int, amber: int) -> str:
    parts = [f"{label} {n}" for label, n in ((_("缺失/逾期"), red), (_("迟办/临期"), amber)) if n]
    return ("；" if is_chinese() else "; ").join(parts)


def _split(findings: list[Finding]) -> tuple[int, int]:
    red = sum(1 for f in findings if f.severity == Severity.RED)
    return red, len(findings) - red


def _group_of(code: str, groups: dict[str, Organization]) -> str:
    for length in {len(c) for c in groups}:
        if code[:length] in groups:
            return code[:length]
    return ""


def compliance(w: Writer, as_of: dt.date, children: list[Organization]) -> Section:
    """The findings counted per kind, then per township (or village): one row per unit and kind."""
    findings = w.findings
    red = sum(1 for f in findings if f.severity == Severity.RED)
    date = date_text(as_of)
    heading = _("合规检查结果")
    if not findings:
        return Section("compliance", heading, [_("按%(date)s的记录检查，未发现问题。") % {"date": date}])
    summary = _("按%(date)s的记录检查，共发现问题%(total)s条，其中缺失或逾期%(red)s条、迟办或临期%(amber)s条。") % {
        "date": date,
        "total": w.n(len(findings)),
        "red": w.n(red),
        "amber": w.n(len(findings) - red),
    }
    summary += w.space() + (
        _("下表先按问题类别计数，再按乡（镇）、问题类别和单位列出条数、最早一条的情况和责任人。")
        if w.is_county
        else _("下表先按问题类别计数，再按问题类别和单位列出条数、最早一条的情况和责任人。")
    )
    language = translation.get_language()
    by_kind = Counter((f.rule, f.severity) for f in findings)
    kinds = sorted({f.rule for f in findings}, key=lambda r: (-by_kind[(r, Severity.RED)], str(_title(r))))
    tables = [
        Table(
            _("各类问题数"),
            [_("问题类别"), _("缺失/逾期"), _("迟办/临期"), _("合计")],
            [
                [
                    _title(r),
                    str(by_kind[(r, Severity.RED)]),
                    str(by_kind[(r, Severity.AMBER)]),
                    str(by_kind[(r, Severity.RED)] + by_kind[(r, Severity.AMBER)]),
                ]
                for r in kinds
            ],
            numeric=[1, 2, 3],
        )
    ]
    groups = {c.code: c for c in children} if w.unit.kind == OrganizationKind.COUNTY else {}
    grouped: dict[str, dict[tuple[str, str, str], list[Finding]]] = defaultdict(lambda: defaultdict(list))
    for f in findings:
        grouped[_group_of(f.unit, groups)][(f.unit, f.unit_name, f.rule)].append(f)
    listed = shown = 0
    for group_code in sorted(grouped):
        rows_by_unit = grouped[group_code]
        in_group = [f for fs in rows_by_unit.values() for f in fs]
        name = groups[group_code].display_name if group_code in groups else w.name
        rows: list[list[str]] = []
        headings: list[int] = []
        by_rule: dict[str, list[tuple[str, list[Finding]]]] = defaultdict(list)
        for (_code, unit_name, rule), fs in sorted(rows_by_unit.items()):
            by_rule[rule].append((unit_name, sorted(fs, key=lambda f: f.since)))
        for rule in sorted(by_rule, key=lambda r: (-sum(len(fs) for _n, fs in by_rule[r]), _title(r))):
            units = by_rule[rule]
            headings.append(len(rows))
            rows.append(
                [
                    _("%(kind)s：%(units)s个单位，%(counts)s")
                    % {
                        "kind": _title(rule),
                        "units": len(units),
                        "counts": _counts(*_split([f for _n, fs in units for f in fs])),
                    }
                ]
            )
            for unit_name, fs in units:
                if listed >= LISTING_ROWS:
                    break
                listed, shown = listed + 1, shown + len(fs)
                first = fs[0].message(language)
                if len(fs) > 1:
                    first += (" " if not is_chinese() else "") + _("另有同类问题%(n)s条。") % {"n": len(fs) - 1}
                rows.append([unit_name, _counts(*_split(fs)), first, _people(fs)])
        red_here, amber_here = _split(in_group)
        tables.append(
            Table(
                _("%(name)s：问题%(total)s条（%(counts)s）")
                % {"name": name, "total": len(in_group), "counts": _counts(red_here, amber_here)},
                [_("单位"), _("条数"), _("问题（最早一条）"), _("责任人")],
                rows,
                css="findings",
                widths=FINDING_WIDTHS,
                headings=headings,
            )
        )
    if shown < len(findings):
        summary += w.space() + _("问题清单列出其中%(shown)s条（违规或逾期在前），全部问题见“合规检查”页面。") % {
            "shown": w.n(shown)
        }
    return Section("compliance", heading, [summary], tables)


def _title(rule: str) -> str:
    return str(RULES[rule].title) if rule in RULES else _("其他问题")


def rankings(w: Writer, top: int) -> Section:
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
                _("“五个好”村党组织考评排名"),
                [_("全县排名"), _("村"), _("乡镇"), _("总分"), _("等级")],
                [[str(r.county_rank), r.name, r.township, f"{r.total:.1f}", r.grade] for r in w.summary.ranking[:top]],
                numeric=[0, 3],
                css="ranking",
            )
        )
    if villages or members:
        good, lead = w.summary.five_good, w.summary.five_lead
        tables.append(
            Table(
                _("考评等次分布"),
                [_("等次"), _("“五个好”村党组织"), _("“五带头”党员")],
                [[g.label, str(g.count), str(m.count)] for g, m in zip(good, lead, strict=True)],
                numeric=[1, 2],
            )
        )
    return Section("rankings", _("考评排名与等次分布"), [rank_text], tables)
