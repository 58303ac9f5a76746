"""The campaign report (R-REPORT): the source document's structure, written from the records.

``build_report`` counts every registered figure of the unit and year (the source's table
and the supporting counts the prose states), checks the rules on the year's last day, and
writes the opening, the three mechanisms, three activities and three platforms as the
source does (``mechanisms``, ``activities``, ``platforms``), then an annex of compliance
findings and rankings (``annex``). The prose is translatable text with the figures as
placeholders (``phrases``), so the Chinese and the English report state the same numbers;
a figure that no record supports is written as "none recorded", never as a number someone
typed. Nothing here reads a domain app's records: it composes the registries.
"""

import datetime as dt
import json
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from common import clock
from common.division_codes import UPPER_KINDS, county_code
from common.figures import Number, compute_figures
from common.rules import evaluate
from common.sections import CAMPAIGN_REPORT, section_entries_for
from evaluation.selectors import evaluation_summary
from organizations.models import Organization, OrganizationKind
from supervision.selectors import reviews_required_per_year

from . import activities, annex, mechanisms, platforms, report_charts
from .phrases import date_text
from .writing import Section, Table, Writer

TOP_VILLAGES = 10
REPORT_KINDS = (
    OrganizationKind.PROVINCE,
    OrganizationKind.PREFECTURE,
    OrganizationKind.COUNTY,
    OrganizationKind.TOWNSHIP,
)


@dataclass
class CampaignReport:
    title: str
    subtitle: str
    language: str
    scope_code: str
    scope_name: str
    scope_kind: str
    period: int
    as_of: dt.date
    figures: dict[str, Number]  # the source's figures (headline); the supporting ones are in ``facts``
    facts: dict[str, Number]
    opening: list[str]
    sections: list[Section]
    annex: Section

    def all_sections(self) -> list[Section]:
        """The sections in reading order, the annex last: what the table of contents lists."""
        return [*self.sections, self.annex]

    def text(self) -> str:
        """Return every paragraph and table cell as plain text (for search and tests)."""
        parts = [self.title, self.subtitle, *self.opening]

        def walk(section: Section) -> None:
            parts.append(section.heading)
            parts.extend(section.paragraphs)
            for table in section.tables:
                parts.append(table.caption)
                parts.extend(" ".join(row) for row in table.rows)
            parts.extend(chart.title for chart in section.charts)
            for sub in section.subsections:
                walk(sub)

        for section in self.all_sections():
            walk(section)
        return "\n".join(parts)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["as_of"] = self.as_of.isoformat()
        data = json.loads(json.dumps(data, default=str))  # Decimal values in charts, as strings
        for key in ("figures", "facts"):
            data[key] = {k: (str(v) if isinstance(v, Decimal) else v) for k, v in getattr(self, key).items()}
        return data


def county_of(unit: Organization) -> Organization:
    """The county whose standards and requirements the report states: a township's county; a county itself.

    Above a county the unit itself (the report names it; the review requirement is its counties' range).
    """
    if unit.kind in (OrganizationKind.COUNTY, *UPPER_KINDS):
        return unit
    return Organization.objects.get(code=county_code(unit.code))


def _requirement_counties(unit: Organization) -> list[str]:
    """The counties whose review requirement the report states: the unit's county; above a county, every county
    under it (the report states the range when they differ)."""
    if unit.kind not in UPPER_KINDS:
        return [county_of(unit).code]
    return list(Organization.objects.counties().filter(code__startswith=unit.code).values_list("code", flat=True))


def contributed_sections(unit: Organization, period: int, as_of: dt.date) -> list[Section]:
    """The sections other apps contribute to the report (``common.sections.CAMPAIGN_REPORT``), in their order."""
    return [
        Section(
            entry.key,
            str(context["heading"]),
            paragraphs=[str(p) for p in context.get("paragraphs", [])],
            tables=[
                Table(str(t["caption"]), [str(c) for c in t["columns"]], t["rows"], numeric=t.get("numeric", []))
                for t in context.get("tables", [])
            ],
        )
        for entry, context in section_entries_for(CAMPAIGN_REPORT, unit, period, as_of)
    ]


def build_report(unit: Organization, period: int, language: str, *, top: int = TOP_VILLAGES) -> CampaignReport:
    """Write the campaign report of ``unit`` (a province, prefecture, county or township) for ``period``."""
    if unit.kind not in REPORT_KINDS:
        raise ValueError(
            f"a campaign report is written for a province, prefecture, county or township, not a {unit.kind}"
        )
    # The records as of the year's end, or of the campaign's today during the year (as the figures count them).
    as_of = min(dt.date(period, 12, 31), clock.today())
    headline = compute_figures(unit, period, headline=True)
    facts = compute_figures(unit, period, headline=False)
    findings = evaluate(unit, as_of)
    county = county_of(unit)
    with translation.override(language):
        w = Writer(
            unit,
            county,
            period,
            {**headline, **facts},
            findings,
            evaluation_summary(unit, period),
            reviews_required_per_year(_requirement_counties(unit)),
        )
        sections = [
            Section(
                "mechanisms",
                _("一、建立三项机制，增添创先争优动力"),
                subsections=[mechanisms.organization(w), mechanisms.evaluation(w), mechanisms.supervision(w)],
            ),
            Section(
                "activities",
                _("二、开展三项活动，增强创先争优活力"),
                subsections=[activities.linkage(w), activities.civility(w), activities.open_affairs(w)],
            ),
            Section(
                "platforms",
                _("三、搭建三个平台，增加创先争优助力"),
                subsections=[platforms.learning(w), platforms.service(w), platforms.practice(w)],
            ),
        ]
        report_charts.place(sections, report_charts.trend_charts(unit, period, as_of))
        appendix = annex.annex(w, as_of, top)
        appendix.subsections.extend(contributed_sections(unit, period, as_of))  # after the source's structure
        report_charts.number_figures([*sections, appendix])
        return CampaignReport(
            title=_("%(name)s%(year)s年农村创先争优活动情况报告") % {"name": w.name, "year": period},
            subtitle=_("数据统计截至%(date)s，均由系统记录生成") % {"date": date_text(as_of)},
            language=language,
            scope_code=unit.code,
            scope_name=w.name,
            scope_kind=unit.kind,
            period=period,
            as_of=as_of,
            figures=headline,
            facts=facts,
            opening=platforms.opening(w),
            sections=sections,
            annex=appendix,
        )
