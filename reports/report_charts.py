"""The report's charts and comparison table: units compared, and the months of the year.

Where the source's figures invite a picture the report gets one: the townships (or a
township's villages) compared on the main counts and on their compliance findings, and
the registered monthly trends (reviews, disclosures, volunteer hours, posts, funds), each
in the part of the report that states the figure. Every value is counted from records
through the registries: ``FIGURES[key].grouped`` (one GROUP BY per column) and
``compute_trends`` (one query per trend), so the report's query count does not grow with
the number of villages.
"""

import datetime as dt
from collections import Counter

from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _

from common.division_codes import CHILD_KIND
from common.figures import FIGURES, compute_trends
from common.money import yuan
from common.rules import Finding, Severity
from organizations.models import Organization, OrganizationKind

from .charts import Chart, number_text
from .phrases import is_chinese
from .writing import Section, Table

# The comparison's columns, headed by the figures' labels, counted for every child unit at once.
COMPARED = (
    "administrative_villages",
    "party_groups",
    "posts_claimed",
    "volunteer_hours",
    "development_funds_yuan",
    "reviews_recorded",
)
# Each trend is drawn in the part of the report that states its figure.
TREND_SECTIONS = {
    "reviews": "supervision",
    "funds": "civility",
    "disclosures": "open_affairs",
    "volunteer_hours": "practice",
    "posts_claimed": "practice",
}
DISCLOSURE_COLORS = ["#2e7d32", "#ef8f00", "#c62828"]  # on time, late, missing
FINDING_COLORS = ["#c62828", "#ef8f00"]  # missing/overdue, late/due soon


def child_units(unit: Organization) -> list[Organization]:
    """The prefectures of a province, the counties of a prefecture, the townships of a county, the villages of a township."""
    kind = CHILD_KIND.get(unit.kind)
    if kind is None or unit.kind == OrganizationKind.VILLAGE:
        return []
    return list(Organization.objects.filter(kind=kind, code__startswith=unit.code).order_by("code"))


def month_labels() -> list[str]:
    """Short month names for a chart's axis: 1月…12月, or Jan…Dec."""
    if is_chinese():
        return [f"{m}月" for m in range(1, 13)]
    return [str(MONTHS_3[m]).title() for m in range(1, 13)]


def comparison(unit: Organization, year: int, children: list[Organization], findings: list[Finding]) -> Section:
    """The child units side by side: a table of the main counts, and two charts."""
    if not children:
        return Section("comparison", "")
    length = len(children[0].code)
    # A village is one administrative village: that column compares townships only.
    compared = [k for k in COMPARED if not (k == "administrative_villages" and unit.kind == OrganizationKind.TOWNSHIP)]
    columns = {key: FIGURES[key].grouped(unit, year, length) for key in compared}
    found: Counter[tuple[str, str]] = Counter((f.unit[:length], f.severity) for f in findings)
    names = [c.display_name for c in children]
    missing, late = _("缺失/逾期"), _("迟办/临期")
    rows = []
    for child in children:
        row = [child.display_name]
        for key in compared:
            value = columns[key].get(child.code, 0)
            row.append(yuan(value) if FIGURES[key].money else number_text(value))
        row += [str(found[(child.code, Severity.RED)]), str(found[(child.code, Severity.AMBER)])]
        rows.append(row)
    whose = _("各乡（镇）") if unit.kind == OrganizationKind.COUNTY else _("各村")
    table = Table(
        _("%(whose)s主要数据对比") % {"whose": whose},
        [_("单位"), *(str(FIGURES[key].label) for key in compared), missing, late],
        rows,
        numeric=list(range(1, len(compared) + 3)),
        css="compare",
    )
    label = _("单位")
    posts = Chart(
        "compare_posts",
        _("%(whose)s党员认领岗位") % {"whose": whose},
        "bars",
        names,
        [(str(FIGURES["posts_claimed"].label), [columns["posts_claimed"].get(c.code, 0) for c in children])],
        label=label,
    )
    compliance = Chart(
        "compare_findings",
        _("%(whose)s合规检查问题数") % {"whose": whose},
        "bars",
        names,
        [
            (missing, [found[(c.code, Severity.RED)] for c in children]),
            (late, [found[(c.code, Severity.AMBER)] for c in children]),
        ],
        colors=FINDING_COLORS,
        label=label,
    )
    text = _("下表按%(whose)s列出本年度主要数据和合规检查问题数，数字均由系统记录统计。") % {"whose": whose}
    heading = _("%(whose)s主要数据对比") % {"whose": whose}
    return Section("comparison", heading, [text], [table], charts=[posts, compliance])


def trend_charts(unit: Organization, year: int, on: dt.date) -> dict[str, list[Chart]]:
    """The monthly trends as charts, keyed by the report section they belong to."""
    placed: dict[str, list[Chart]] = {}
    months = month_labels()
    for trend in compute_trends(unit, year, on):
        section = TREND_SECTIONS.get(trend.id)
        if section is None:
            continue
        chart = Chart(
            f"trend_{trend.id}",
            (f"{trend.title}（{trend.unit}）" if is_chinese() else f"{trend.title} ({trend.unit})")
            if trend.unit
            else trend.title,
            "months",
            months,
            [(s.label, list(s.values)) for s in trend.series],
            unit=trend.unit,
            colors=DISCLOSURE_COLORS if trend.id == "disclosures" else [],
            label=_("月份"),
        )
        placed.setdefault(section, []).append(chart)
    return placed


def place(sections: list[Section], charts: dict[str, list[Chart]]) -> None:
    """Put each section's charts into it (sections and their subsections, by key)."""
    for section in sections:
        section.charts.extend(charts.get(section.key, []))
        place(section.subsections, charts)


def number_figures(sections: list[Section], start: int = 1) -> int:
    """Number the charts 图N in reading order."""
    n = start
    for section in sections:
        for chart in section.charts:
            chart.title = _("图%(n)s %(title)s") % {"n": n, "title": chart.title}
            n += 1
        n = number_figures(section.subsections, n)
    return n
