"""In Chromium: the navigation's year picker changes the campaign year of every page, in English."""

import os

import pytest

from evaluation.tests.test_campaign_calendar import period
from xianfeng.tests.factories import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"Chromium is not installed at {CHROMIUM}"),
]


def test_picking_a_year_in_the_navigation_keeps_it_across_pages(page, live_server, county, personas, settings):
    settings.XIANFENG_TODAY = "2010-11-15"
    period(county.county, 2009)
    period(county.county, 2010)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "member")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/practice/posts/")
    picker = page.locator(".campaignpick")
    assert picker.get_attribute("data-campaign-year") == "2010"
    assert "Campaign year" in picker.inner_text() and "Demo date 2010-11-15" in picker.inner_text()
    with page.expect_navigation():
        page.select_option("#campaign-year", "2009")  # submits its form on change (site.js)
    assert page.locator(".campaignpick").get_attribute("data-campaign-year") == "2009"
    assert "/practice/posts/" in page.url

    page.goto(f"{live_server.url}/practice/commitments/")
    assert page.locator(".campaignpick").get_attribute("data-campaign-year") == "2009"
    assert page.locator("#campaign-year").input_value() == "2009"
