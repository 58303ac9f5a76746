"""R-DASH: the dashboard's numbers, its scope per persona, its Excel exports and its query count."""

import datetime as dt
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from common.figures import compute_figures
from practice.models import VolunteerEntry, VolunteerStatus
from reports.dashboard import dashboard
from reports.views import dashboard_tables
from village_affairs.models import Disclosure, DisclosureKind, DisclosureStatus
from xianfeng.tests import factories as f

YEAR = 2010


def _sheet(response) -> list[tuple]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))


def test_dashboard_figures_equal_compute_figures(county) -> None:
    for org in (county.county, county.township_a, county.village_b1):
        d = dashboard(org, YEAR)
        assert {fv.key: fv.value for fv in d.figures} == compute_figures(org, YEAR)


def test_county_children_are_townships_with_their_villages(county) -> None:
    d = dashboard(county.county, YEAR)
    assert [(c.code, c.villages, c.party_groups) for c in d.children] == [
        (county.township_a.code, 2, 1),
        (county.township_b.code, 1, 1),
    ]
    assert [c.code for c in dashboard(county.township_a, YEAR).children] == [
        county.village_a1.code,
        county.village_a2.code,
    ]
    assert dashboard(county.village_a1, YEAR).children == []
    assert [a.code for a in dashboard(county.village_a1, YEAR).ancestors] == [
        county.county.code,
        county.township_a.code,
    ]


def test_finance_disclosures_by_month_on_time_late_and_missing(county) -> None:
    tz = timezone.get_current_timezone()
    # January due on 10 February: A1 on time, A2 late, B1 missing.
    for village, day in (
        (county.village_a1, dt.datetime(YEAR, 2, 10, 23, 0, tzinfo=tz)),
        (county.village_a2, dt.datetime(YEAR, 2, 11, 9, 0, tzinfo=tz)),
    ):
        Disclosure.objects.create(
            village=village,
            kind=DisclosureKind.FINANCE,
            year=YEAR,
            period_kind="month",
            period_number=1,
            title="一月财务",
            status=DisclosureStatus.PUBLISHED,
            published_at=day,
        )
    trend = next(t for t in dashboard(county.county, YEAR).trends if t.id == "disclosures")
    series = {s.key: s.values for s in trend.series}
    assert (series["on_time"][0], series["late"][0], series["missing"][0]) == (1, 1, 1)
    assert series["missing"][1] == 3  # nobody published February
    assert series["missing"][11] == 0  # December is due in January of the next year
    township = next(t for t in dashboard(county.township_b, YEAR).trends if t.id == "disclosures")
    assert [s.values[0] for s in township.series] == [0, 0, 1]


def test_confirmed_volunteer_hours_by_month_and_child(county, personas) -> None:
    tz = timezone.get_current_timezone()
    start = dt.datetime(YEAR, 3, 31, 22, 0, tzinfo=tz)  # local March; UTC would say March too, but the end is in April
    for status in (VolunteerStatus.CONFIRMED, VolunteerStatus.REPORTED):
        VolunteerEntry.objects.create(
            member=personas.member_person,
            village=county.village_a1,
            start=start,
            end=start + dt.timedelta(hours=2, minutes=30),
            activity="清扫",
            status=status,
        )
    d = dashboard(county.county, YEAR)
    hours = next(t for t in d.trends if t.id == "volunteer_hours").series[0].values
    assert str(hours[2]) == "2.5" and sum(hours) == hours[2]
    assert [str(c.volunteer_hours) for c in d.children] == ["2.5", "0.0"]


def _grow(county, n: int) -> None:
    for i in range(n):
        for township in (county.township_a, county.township_b):
            village = f.village(township, f"{300 + i}", f"新村{i}")
            f.party_group(village, f"新村{i}党小组")


def _queries(org) -> int:
    with CaptureQueriesContext(connection) as captured:
        dashboard(org, YEAR)
    return len(captured)


def test_dashboard_query_count_does_not_grow_with_villages(county) -> None:
    before = {org.code: _queries(org) for org in (county.county, county.township_a)}
    _grow(county, 4)  # 3 villages -> 11
    after = {org.code: _queries(org) for org in (county.county, county.township_a)}
    assert after == before


# -- the page ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "unit", "status"),
    [
        ("county_admin", None, 200),
        ("county_admin", "township_b", 200),
        ("county_admin", "village_b1", 200),
        ("township_admin_a", None, 200),
        ("township_admin_a", "village_a2", 200),
        ("township_admin_a", "township_b", 404),
        ("township_admin_a", "county", 404),
        ("village_admin_b", None, 200),
        ("village_admin_b", "village_a1", 404),
        ("village_admin_b", "township_b", 404),
        ("member", None, 404),
        ("member", "village_a1", 404),
        ("county_admin", "group_a1", 404),
    ],
)
def test_dashboard_scope_per_persona(client, county, personas, persona, unit, status) -> None:
    client.force_login(getattr(personas, persona))
    url = reverse("reports:dashboard", args=[getattr(county, unit).code]) if unit else reverse("reports:dashboard")
    assert client.get(url).status_code == status


@pytest.mark.parametrize(
    ("persona", "root"),
    [("county_admin", "county"), ("township_admin_a", "township_a"), ("village_admin_b", "village_b1")],
)
def test_dashboard_defaults_to_the_viewers_unit(client, county, personas, persona, root) -> None:
    client.force_login(getattr(personas, persona))
    response = client.get(reverse("reports:dashboard"))
    assert response.context["org"] == getattr(county, root)
    assert 'id="dashboard-data"' in response.content.decode()


def test_dashboard_anonymous_goes_to_login(client, county) -> None:
    response = client.get(reverse("reports:dashboard", args=[county.county.code]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_county_dashboard_links_each_township_for_drill_down(client, county, personas) -> None:
    client.force_login(personas.county_admin)
    html = client.get(reverse("reports:dashboard"), {"year": YEAR}).content.decode()
    for township in (county.township_a, county.township_b):
        assert f'href="{reverse("reports:dashboard", args=[township.code])}?year={YEAR}"' in html
    assert "vendor/echarts-6.1.0.min.js" in html and "reports/dashboard.js" in html


def test_every_chart_exports_to_excel(client, county, personas) -> None:
    client.force_login(personas.county_admin)
    tables = dashboard_tables(dashboard(county.county, YEAR))
    assert {
        "figures",
        "reviews",
        "disclosures",
        "volunteer_hours",
        "posts_claimed",
        "funds",
        "children",
        "compliance_units",
        "compliance_rules",
        "ranking",
        "five_good_grades",
        "five_lead_grades",
        "annex",
    } <= set(tables)
    for key, table in tables.items():
        rows = _sheet(client.get(reverse("reports:dashboard"), {"year": YEAR, "export": key}))
        assert [str(h) for h in rows[0]] == [str(h) for h in table.headers]
        assert len(rows) == len(table.rows) + 1


def test_unknown_export_is_404(client, county, personas) -> None:
    client.force_login(personas.county_admin)
    assert client.get(reverse("reports:dashboard"), {"export": "nope"}).status_code == 404


def test_township_admin_exports_only_own_township(client, county, personas) -> None:
    client.force_login(personas.township_admin_a)
    rows = _sheet(client.get(reverse("reports:dashboard"), {"year": YEAR, "export": "children"}))
    assert [r[1] for r in rows[1:]] == [county.village_a1.code, county.village_a2.code]
    figures = {
        r[0]: r[1] for r in _sheet(client.get(reverse("reports:dashboard"), {"year": YEAR, "export": "figures"}))[1:]
    }
    assert figures["行政村"] == 2
    other = client.get(reverse("reports:dashboard", args=[county.township_b.code]), {"export": "children"})
    assert other.status_code == 404


def test_village_admin_annex_export_is_own_village(client, county, personas) -> None:
    client.force_login(personas.village_admin_b)
    rows = _sheet(client.get(reverse("reports:dashboard"), {"year": YEAR, "export": "annex"}))
    assert rows[1:] and all(r[2] == county.village_b1.name for r in rows[1:])
