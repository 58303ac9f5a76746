"""The dashboards (R-DASH) and the figures page: every number counted from the records of one unit in scope."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from operator import itemgetter
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from common.figures import FIGURES, compute_figures
from common.http import AuthedRequest
from common.params import year_param
from common.punctuation import enum_comma, parens
from common.scope import Right, Scope
from common.xlsx import Column, xlsx_response
from organizations.models import Organization
from organizations.selectors import organization_or_404, top_units

from .campaign import REPORT_KINDS
from .campaign_views import download_links
from .dashboard import DASHBOARD_KINDS, Dashboard, dashboard
from .report_charts import month_labels

RANKING_CHART_ROWS = 20  # the chart shows the top villages; the table and Excel have them all
ANNEX_PAGE_ROWS = 200
WORST_UNITS = 5  # the child units with most findings, named in "needs attention"


def _roots(scope: Scope) -> list[Organization]:
    """The units the viewer is bound to (their province … village), or the tree's roots for a superuser."""
    return list(
        (top_units() if scope.is_superuser else Organization.objects.filter(code__in=scope.read_codes))
        .select_related("parent")
        .order_by("code")
    )


@login_required
def figures(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    roots = _roots(scope)
    code = request.GET.get("org", "").strip()
    # Without a choice, the first unit the user is bound to (their county or township).
    org = organization_or_404(scope, code) if code else (roots[0] if roots else None)
    year = year_param(request)
    rows = []
    if org is not None:
        values = compute_figures(org, year, headline=None)
        rows = [{"figure": FIGURES[key], "value": value} for key, value in values.items()]
    # The dashboard link only where the dashboard answers (an admin's county, township or village).
    has_dashboard = org is not None and scope.is_admin and org.kind in DASHBOARD_KINDS
    context = {"org": org, "roots": roots, "year": year, "rows": rows, "has_dashboard": has_dashboard}
    return render(request, "reports/figures.html", context)


# -- the dashboard ---------------------------------------------------------------------------


@dataclass
class Table:
    """One chart's data as a table: shown under the chart, exported to Excel, drawn by dashboard.js."""

    id: str
    title: str
    headers: list[str]
    rows: list[list[Any]]
    chart: str = ""  # "bar", "stacked", "line", "pie", "status" or "" (table only)
    links: list[str | None] = field(default_factory=list)  # per row: the dashboard to drill down to
    unit: str = ""

    category: int = 0  # the column naming each bar or slice
    series: tuple[int, ...] = ()  # the columns drawn; every numeric column after the first if empty
    chart_rows: int | None = None  # draw only the first rows (the table keeps them all)
    categories: list[str] | None = None  # the chart's own (shorter) category labels, if not the rows'

    @property
    def body(self) -> list[tuple[list[Any], str | None]]:
        """Return (row, drill-down link or None) pairs for the template."""
        return [(row, self.links[i] if i < len(self.links) else None) for i, row in enumerate(self.rows)]

    def chart_json(self) -> dict[str, Any]:
        """Return the chart's data for dashboard.js: categories, series and drill-down links."""
        rows = self.rows[: self.chart_rows]
        columns = self.series or tuple(
            i for i in range(1, len(self.headers)) if all(isinstance(r[i], int | float | Decimal) for r in rows)
        )
        return {
            "id": self.id,
            "type": self.chart,
            "title": self.title,
            "unit": self.unit,
            "legend": self.chart == "status",
            "categories": self.categories or [str(r[self.category]) for r in rows],
            "series": [{"name": self.headers[i], "data": [float(r[i] or 0) for r in rows]} for i in columns],
            "links": self.links[: len(rows)],
        }


def _dashboard_url(code: str, year: int) -> str:
    return f"{reverse('reports:dashboard', args=[code])}?year={year}"


def severity_label(severity: str) -> str:
    """What a finding's colour means, in words (the colour is never the only sign)."""
    return {"red": _("缺失/逾期"), "amber": _("迟办/临期")}.get(severity, _("无问题"))


def status_text(red: int, amber: int) -> str:
    """A unit's findings in words: "缺失/逾期 3 · 迟办/临期 5", or "无问题"."""
    parts = [f"{severity_label(s)} {n}" for s, n in (("red", red), ("amber", amber)) if n]
    return " · ".join(parts) or severity_label("green")


def compliance_url(code: str, on: dt.date, rule: str = "") -> str:
    """The compliance page of a unit on a day, for one kind of finding (or all)."""
    query = {"scope": code, "on": on.isoformat(), **({"rule": rule} if rule else {})}
    return f"{reverse('rules:compliance')}?{urlencode(query)}"


def dashboard_tables(d: Dashboard) -> dict[str, Table]:
    """Every table of the dashboard, keyed by its chart id (the ``?export=`` value).

    Only human labels: a figure's label, a rule's title, a unit's name; no requirement or rule codes.
    """
    year = d.period
    red, amber = severity_label("red"), severity_label("amber")
    months = month_labels()
    tables: list[Table] = [
        Table(
            "figures",
            _("统计数据"),
            [_("指标"), _("数值"), _("单位")],
            [[f.label, f.value, f.unit] for f in d.figures],
        )
    ]
    for trend in d.trends:
        tables.append(
            Table(
                trend.id,
                trend.title,
                [_("月份"), *[s.label for s in trend.series]],
                [[_("%(month)s月") % {"month": m + 1}, *[s.values[m] for s in trend.series]] for m in range(12)],
                chart="stacked" if trend.stacked else ("line" if trend.id in ("volunteer_hours", "funds") else "bar"),
                unit=trend.unit,
                categories=months,
            )
        )
    if d.children:
        tables.append(
            Table(
                "children",
                _("下级单位"),
                [
                    _("单位"),
                    _("区划代码"),
                    _("行政村"),
                    _("党小组"),
                    _("认领岗位"),
                    _("志愿服务小时"),
                    _("筹措资金（元）"),
                    _("点评次数"),
                    _("五个好平均分"),
                    _("合规检查"),
                ],
                [
                    [
                        c.name,
                        c.code,
                        c.villages,
                        c.party_groups,
                        c.posts_claimed,
                        c.volunteer_hours,
                        c.funds_yuan,
                        c.reviews,
                        c.five_good_average if c.five_good_average is not None else "",
                        status_text(c.red, c.amber),
                    ]
                    for c in d.children
                ],
                chart="bar",
                series=(4,),
                links=[_dashboard_url(c.code, year) for c in d.children],
            )
        )
        tables.append(
            Table(
                "compliance_units",
                _("各单位合规检查问题数"),
                [_("单位"), red, amber],
                [[u.name, u.red, u.amber] for u in d.compliance.units],
                chart="status",
                series=(1, 2),
                links=[_dashboard_url(u.code, year) for u in d.compliance.units],
            )
        )
    tables.append(
        Table(
            "compliance_rules",
            _("各类问题数"),
            [_("问题类别"), red, amber],
            [[r.title, r.red, r.amber] for r in d.compliance.by_rule],
            chart="status",
            series=(1, 2),
            links=[compliance_url(d.unit.code, d.on, r.rule) for r in d.compliance.by_rule],
        )
    )
    tables.append(
        Table(
            "ranking",
            _("五个好村党组织考评排名"),
            [_("县排名"), _("乡镇排名"), _("区划代码"), _("村"), _("乡镇"), _("总分"), _("等次")],
            [
                [r.county_rank, r.township_rank, r.code, r.name, r.township, r.total, r.grade]
                for r in d.evaluation.ranking
            ],
            chart="ranking",
            category=3,
            series=(5,),
            chart_rows=RANKING_CHART_ROWS,
            links=[_dashboard_url(r.code, year) for r in d.evaluation.ranking],
        )
    )
    if d.counties:
        tables.append(county_ranking_table(d))
    for key, title, counts in (
        ("five_good_grades", _("五个好等次分布"), d.evaluation.five_good),
        ("five_lead_grades", _("五带头等次分布"), d.evaluation.five_lead),
    ):
        tables.append(Table(key, title, [_("等次"), _("数量")], [[g.label, g.count] for g in counts], chart="pie"))
    titles = {r.rule: r.title for r in d.compliance.by_rule}
    tables.append(
        Table(
            "annex",
            _("合规检查问题清单"),
            [_("级别"), _("问题类别"), _("单位"), _("起始日期"), _("责任人"), _("说明")],
            [
                [
                    severity_label(f.severity),
                    titles.get(f.rule, ""),
                    f.unit_name,
                    f.since,
                    enum_comma().join(parens(a.name, a.role) for a in f.accountable),
                    f.message(),
                ]
                for f in d.compliance.findings
            ],
        )
    )
    return {t.id: t for t in tables}


def county_ranking_table(d: Dashboard) -> Table:
    """Every county under a province or prefecture, ranked by its villages' Five-Good average."""
    ranks: list[int] = []
    for i, c in enumerate(d.counties):
        tied = i and c.five_good_average is not None and c.five_good_average == d.counties[i - 1].five_good_average
        ranks.append(ranks[-1] if tied else i + 1)
    return Table(
        "county_ranking",
        _("各县五个好考评排名"),
        [_("排名"), _("县（市、区）"), _("区划代码"), _("行政村"), _("五个好平均分"), _("合规检查")],
        [
            [
                rank if c.five_good_average is not None else "",
                c.name,
                c.code,
                c.villages,
                c.five_good_average if c.five_good_average is not None else "",
                status_text(c.red, c.amber),
            ]
            for rank, c in zip(ranks, d.counties, strict=True)
        ],
        chart="ranking",
        category=1,
        series=(4,),
        links=[_dashboard_url(c.code, d.period) for c in d.counties],
    )


def _table_xlsx(d: Dashboard, table: Table) -> HttpResponse:
    columns = [
        Column(header, itemgetter(i), 40 if i == len(table.headers) - 1 else 16)
        for i, header in enumerate(table.headers)
    ]
    filename = f"dashboard-{d.unit.code}-{d.period}-{table.id}.xlsx"
    return xlsx_response(filename, table.title, columns, table.rows)


@login_required
def dashboard_page(request: AuthedRequest, code: str = "") -> HttpResponse:
    """The dashboard of a county, township or village in the viewer's scope; other units look missing."""
    scope = request.scope
    if not scope.is_admin:
        raise Http404
    if not code:
        roots = _roots(scope)
        if not roots:
            raise Http404
        code = roots[0].code
    org = organization_or_404(scope, code)
    if org.kind not in DASHBOARD_KINDS:
        raise Http404
    year = year_param(request)
    d = dashboard(org, year)
    tables = dashboard_tables(d)
    export = request.GET.get("export")
    if export:
        if export not in tables:
            raise Http404
        return _table_xlsx(d, tables[export])
    charts = [t.chart_json() for t in tables.values() if t.chart]
    report_url, downloads = "", []
    if org.kind in REPORT_KINDS and scope.may(Right.OVERSEE, code=org.code):
        report_url = f"{reverse('reports:report')}?{urlencode({'org': org.code, 'year': str(year)})}"
        language = "en" if (request.LANGUAGE_CODE or "").startswith("en") else "zh-hans"
        downloads = download_links(org, year, language)
    return render(
        request,
        "reports/dashboard.html",
        {
            "d": d,
            "org": org,
            "year": year,
            "tables": tables,
            "chart_data": {"charts": charts},
            "ancestors": [a for a in d.ancestors if scope.can_see_code(a.code)],
            "annex_rows": tables["annex"].rows[:ANNEX_PAGE_ROWS],
            "attention": [(r, compliance_url(org.code, d.on, r.rule)) for r in d.compliance.attention],
            "all_findings_url": compliance_url(org.code, d.on),
            "severity": {"red": severity_label("red"), "amber": severity_label("amber")},
            "report_url": report_url,
            "downloads": downloads,
            "worst_units": sorted(
                (u for u in d.compliance.units if u.red or u.amber), key=lambda u: (-u.red, -u.amber, u.code)
            )[:WORST_UNITS],
        },
    )
