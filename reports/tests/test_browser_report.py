"""In Chromium: a township admin finds the report in the navigation and on the dashboard, and the PDF says
it is being prepared until it downloads."""

import os

import pytest
from django.urls import reverse

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"Chromium is not installed at {CHROMIUM}"),
]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "accept_downloads": True}


def test_township_admin_downloads_the_pdf_with_progress(page, live_server, county, personas, settings):
    settings.XIANFENG_TODAY = "2010-12-20"  # the campaign year the page opens on is the records' 2010
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "township_a")
    page.fill("input[name=password]", "pw-Zhenghe-2010")
    page.locator("main form").locator("button[type=submit], input[type=submit]").last.click()
    page.wait_for_load_state()

    # From the dashboard: the report's page, and every format.
    page.get_by_role("link", name="数据看板").first.click()
    page.wait_for_load_state()
    formats = page.locator("#report-downloads a").evaluate_all("links => links.map(a => a.dataset.format)")
    assert formats == ["pdf", "docx", "html", "json"]
    page.locator("#report-link").click()
    page.wait_for_load_state()
    assert page.url.startswith(f"{live_server.url}{reverse('reports:report')}")
    assert "熊山镇" in page.locator("h1.report-title").inner_text()
    assert page.locator(".report-figure svg").count() >= 5

    # The navigation leads there too.
    assert page.locator("nav.mainnav a", has_text="活动报告").count() == 1

    with page.expect_download(timeout=120_000) as download:
        page.locator("#report-download").click()
        # Said at once, while the server is still writing the PDF.
        page.wait_for_function("document.getElementById('report-status').textContent.length > 0")
        assert "正在生成" in page.locator("#report-status").inner_text()
    assert download.value.suggested_filename == f"campaign-report-{county.township_a.code}-2010-zh-hans.pdf"
    assert download.value.path().read_bytes().startswith(b"%PDF")
    page.wait_for_function("document.getElementById('report-status').textContent.indexOf('已生成') >= 0")
    assert errors == []
