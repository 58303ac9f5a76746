"""The campaign report stays bounded: its default year is the current campaign period, not the newest one,
and its annex lists a bounded number of findings (a year without records once made a 2 MB page)."""

import datetime as dt

import pytest
from django.urls import reverse

from evaluation import services
from reports import annex
from reports.campaign import build_report
from scenarios.loader import SMALL, load_scenario

pytestmark = pytest.mark.django_db


def period(county, year: int) -> None:
    services.period_create(
        county=county,
        year=year,
        name=f"{year}年度创先争优考评",
        start=dt.date(year, 1, 1),
        end=dt.date(year, 12, 31),
        self_deadline=dt.date(year, 12, 15),
        review_deadline=dt.date(year, 12, 25),
        approval_deadline=dt.date(year, 12, 31),
    )


def _compliance(report):
    return next(s for s in report.annex.subsections if s.key == "compliance")


def _unit_rows(compliance) -> int:
    """The rows that name a unit, in the tables after the counts per kind (a kind's heading row is not one)."""
    return sum(len(t.rows) - len(t.headings) for t in compliance.tables[1:])


def test_the_annex_lists_a_bounded_number_of_findings_violations_first(monkeypatch, settings):
    settings.XIANFENG_TODAY = "2010-12-20"
    county = load_scenario(SMALL).county
    full = _compliance(build_report(county, 2010, "zh-hans"))
    total = sum(int(row[-1]) for row in full.tables[0].rows)
    assert _unit_rows(full) > 2 and "问题清单列出其中" not in full.paragraphs[0]
    monkeypatch.setattr(annex, "LISTING_ROWS", 2)
    compliance = _compliance(build_report(county, 2010, "zh-hans"))
    assert _unit_rows(compliance) == 2
    assert "问题清单列出其中" in compliance.paragraphs[0]
    # The counts per kind still cover every finding.
    assert sum(int(row[-1]) for row in compliance.tables[0].rows) == total
    assert "The list shows" in _compliance(build_report(county, 2010, "en")).paragraphs[0]


def test_the_report_is_judged_on_the_campaigns_today_within_its_year(settings):
    settings.XIANFENG_TODAY = "2010-11-15"
    county = load_scenario(SMALL).county
    assert build_report(county, 2010, "zh-hans").as_of == dt.date(2010, 11, 15)
    assert build_report(county, 2009, "zh-hans").as_of == dt.date(2009, 12, 31)


def test_a_period_created_ahead_does_not_become_the_reports_default(client, county, personas, settings):
    settings.XIANFENG_TODAY = "2010-11-15"
    period(county.county, 2010)
    period(county.county, 2011)
    client.force_login(personas.county_admin)
    assert client.get(reverse("reports:report")).context["year"] == 2010
