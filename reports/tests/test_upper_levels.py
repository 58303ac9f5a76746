"""Province and prefecture dashboards and campaign reports: the sums of their counties, read set-wise."""

import io
import json
import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.models import Organization
from reports.dashboard import dashboard
from scenarios.loader import SMALL, load_scenario, read_scenario
from scenarios.schema import TownshipSpec
from xianfeng.tests import factories as f
from xianfeng.tests.provinces import ProvinceWorld, county_with_villages

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u4e00-\u9fff]")


def moved(code: str, seed: int):
    """The small scenario's county under another code of 南平市 (3507), with other synthetic details."""
    s = read_scenario(SMALL)
    townships = tuple(TownshipSpec(t.name, t.name_en, code + t.code[6:], t.villages) for t in s.townships)
    return replace(s, county_code=code, county_name=f"试点{code}县", random_seed=seed, townships=townships)


@pytest.fixture
def two_counties() -> tuple[Organization, Organization]:
    """Two complete counties (the small scenario twice) under one prefecture, created by the loader."""
    return load_scenario(SMALL).county, load_scenario(moved("350798", 8)).county


def json_report(scope: str) -> dict:
    out = io.StringIO()
    call_command("campaign_report", "--scope", scope, "--period", "2010", "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_the_loader_puts_both_counties_under_one_prefecture_and_province(two_counties):
    first, second = two_counties
    assert first.parent_id == second.parent_id
    prefecture = Organization.objects.get(code="3507")
    assert (prefecture.name, prefecture.kind, prefecture.parent.name) == ("南平市", "prefecture", "福建省")


@pytest.mark.parametrize("scope", ["35", "3507"])
def test_json_figures_of_a_province_and_prefecture_are_the_sums_of_their_counties(two_counties, scope):
    upper = json_report(scope)
    counties = [json_report(c.code) for c in two_counties]

    assert upper["scope"]["kind"] == ("province" if scope == "35" else "prefecture")
    assert set(upper["figures"]) == set(counties[0]["figures"])
    for key, value in upper["figures"].items():
        assert Decimal(str(value)) == sum(Decimal(str(c["figures"][key])) for c in counties), key
    assert upper["figures"]["administrative_villages"] == 10  # 5 + 5, counted from records
    assert upper["figures"]["rural_party_members"] == 120


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_the_report_of_a_province_is_written_in_every_format(two_counties, tmp_path: Path, fmt):
    out = tmp_path / f"report.{fmt}"
    call_command("campaign_report", "--scope", "35", "--period", "2010", "--format", fmt, "--output", str(out))
    data = out.read_bytes()
    assert len(data) > 1000
    if fmt == "html":
        text = data.decode()
        assert "福建省2010年农村创先争优活动情况报告" in text and "全省" in text


def test_the_english_report_of_a_prefecture_names_it_in_english(two_counties, tmp_path: Path):
    out = tmp_path / "report.html"
    call_command(
        "campaign_report",
        "--scope",
        "3507",
        "--period",
        "2010",
        "--format",
        "html",
        "--lang",
        "en",
        "--output",
        str(out),
    )
    text = out.read_text(encoding="utf-8")
    assert "the prefecture" in text


def test_the_province_dashboard_sums_its_counties_and_drills_down(two_counties):
    first, second = two_counties
    province = dashboard(Organization.objects.get(code="35"), 2010)
    counties = [dashboard(c, 2010) for c in two_counties]

    for figure in province.figures:
        assert figure.value == sum(c.figure(figure.key) for c in counties), figure.key
    assert [(c.code, c.villages) for c in province.children] == [("3507", 10)]
    assert province.compliance.red == sum(c.compliance.red for c in counties)
    assert province.compliance.amber == sum(c.compliance.amber for c in counties)
    assert {c.code for c in province.counties} == {first.code, second.code}
    prefecture = dashboard(Organization.objects.get(code="3507"), 2010)
    assert [c.code for c in prefecture.children] == sorted([first.code, second.code])
    assert [a.code for a in dashboard(first, 2010).ancestors] == ["35", "3507"]


def _page_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("reports:dashboard", args=["35"]))
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_the_province_dashboards_queries_do_not_grow_with_its_counties(client, django_assert_max_num_queries):
    fujian = f.province()
    world = ProvinceWorld(
        province=fujian,
        nanping=f.prefecture(fujian),
        fuzhou=f.prefecture(fujian, "01", "福州市", "Fuzhou"),
        other_province=f.province("36", "江西省"),
        ganzhou=Organization(),
    )
    county_with_villages(world, world.nanping, "350725", "政和县", 1)
    client.force_login(f.user("province_admin", "province_admin", organization=fujian))
    _page_queries(client)  # the first view fills per-process caches (the campaign calendar, the session)
    one = _page_queries(client)

    county_with_villages(world, world.nanping, "350781", "邵武市", 2)
    county_with_villages(world, world.fuzhou, "350121", "闽侯县", 3)
    with django_assert_max_num_queries(one):
        response = client.get(reverse("reports:dashboard", args=["35"]))
    assert response.status_code == 200
    assert [c.code for c in response.context["d"].counties] != []
    assert len(response.context["d"].counties) == 3


def test_the_province_admins_home_and_dashboard_show_the_drill_down(client, province_world):
    client.force_login(province_world.province_admin)
    home = client.get(reverse("home")).content.decode()
    for code in ("35", "3507", "3501", "350725", "350781", "350121"):
        assert f'href="{reverse("reports:dashboard", args=[code])}"' in home, code
    assert reverse("reports:dashboard", args=["360721"]) not in home

    page = client.get(reverse("reports:dashboard", args=["35"]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "各县五个好考评排名" in html and "南平市" in html and "福州市" in html
    assert reverse("reports:dashboard", args=["3507"]) in html
    prefecture = client.get(reverse("reports:dashboard", args=["3507"])).content.decode()
    assert reverse("reports:dashboard", args=["350781"]) in prefecture and "福建省" in prefecture  # breadcrumbs


def test_the_province_dashboard_in_english(client, province_world):
    client.force_login(province_world.province_admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("reports:dashboard", args=["35"])).content.decode()
    assert "Five-Good ranking of the counties" in html
    section = re.search(r'id="section-county_ranking".*?</section>', html, re.S)
    assert section is not None
    names = {o.name for o in Organization.objects.all()}
    text = section.group(0)
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, "")
    assert not CJK.search(text), CJK.findall(text)
    home = client.get(reverse("home")).content.decode()
    assert "Drill down level by level" in home and "Prefecture" in home


def test_a_province_report_states_the_range_of_its_counties_review_requirements(two_counties, tmp_path: Path):
    from supervision.services import review_requirement_set

    first, second = two_counties
    review_requirement_set(county=second, level="county", reviews_required=4, period_months=12, due_soon_days=30)
    out = tmp_path / "report.html"
    call_command("campaign_report", "--scope", "35", "--period", "2010", "--format", "html", "--output", str(out))
    text = out.read_text()
    # The first county keeps the default (once a year), the second asks four times: the province states both ends.
    assert "要求县挂点领导每年至少对乡（镇）开展活动情况点评一至四次" in text
    county = tmp_path / "county.html"
    call_command(
        "campaign_report", "--scope", first.code, "--period", "2010", "--format", "html", "--output", str(county)
    )
    assert "开展活动情况点评一次" in county.read_text()  # one county states its own number
