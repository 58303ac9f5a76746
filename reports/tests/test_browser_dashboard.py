"""In Chromium: the county admin opens the county dashboard and drills down to a township, then a village."""

import os

import pytest
from django.urls import NoReverseMatch, reverse

from xianfeng.tests.browser import pass_two_factor

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"Chromium is not installed at {CHROMIUM}"),
]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN"}


def _report_url_exists() -> bool:
    try:
        reverse("reports:report_download")
    except NoReverseMatch:
        return False
    return True


def test_county_admin_drills_down_from_county_to_village(page, live_server, county, personas):
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "county_admin")
    page.fill("input[name=password]", "pw-Zhenghe-2010")
    page.locator("main form").locator("button[type=submit], input[type=submit]").last.click()
    page.wait_for_load_state()
    pass_two_factor(page, "county_admin")  # the county admin must use two-factor

    page.get_by_role("link", name="数据看板").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("数据看板")
    assert "政和县" in page.locator("h1").inner_text()
    # ECharts drew the charts (SVG renderer) from the json_script block.
    page.wait_for_selector('[data-chart="children"] svg')
    assert page.locator("[data-chart] svg").count() >= 8
    # Each chart's table is one click away.
    page.locator("#section-reviews summary").click()
    assert page.locator('#section-reviews table[data-table="reviews"]').is_visible()

    page.locator("#child-units a.drill", has_text="熊山镇").click()
    page.wait_for_load_state()
    assert "熊山镇" in page.locator("h1").inner_text()
    assert "东平镇" not in page.locator("#child-units").inner_text()

    page.locator("#child-units a.drill", has_text="念山村").click()
    page.wait_for_load_state()
    assert "念山村" in page.locator("h1").inner_text()
    assert page.locator("#child-units").count() == 0
    # Breadcrumbs lead back up.
    assert page.locator(".breadcrumbs a", has_text="熊山镇").count() == 1

    # At phone width nothing scrolls sideways.
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    if _report_url_exists():
        page.goto(f"{live_server.url}{reverse('reports:dashboard')}")
        page.locator("#report-downloads button[data-format=pdf]").click()  # queued; the tests run it at once
        page.wait_for_load_state()
        with page.expect_download() as download:
            page.locator("#report-job-file").click()
        assert download.value.suggested_filename.endswith(".pdf")
    assert errors == []
