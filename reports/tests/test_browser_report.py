"""In Chromium: a township admin finds the report in the navigation and on the dashboard, and the PDF,
written by a worker, shows its progress until it downloads."""

import os
import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connections
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
    formats = page.locator("#report-downloads [data-format]").evaluate_all("links => links.map(a => a.dataset.format)")
    assert formats == ["pdf", "docx", "html", "json"]
    page.locator("#report-link").click()
    page.wait_for_load_state()
    assert page.url.startswith(f"{live_server.url}{reverse('reports:report')}")
    assert "熊山镇" in page.locator("h1.report-title").inner_text()
    assert page.locator(".report-figure svg").count() >= 5

    # The navigation leads there too.
    assert page.locator("nav.mainnav a", has_text="活动报告").count() == 1

    # The PDF is queued: its page shows the job waiting, polled by htmx, until a worker writes it.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    page.locator("#report-downloads button[data-format=pdf]").click()
    page.wait_for_load_state()
    assert "排队等待处理" in page.locator("#report-job-progress").inner_text()

    def worker() -> None:
        try:
            call_command("run_worker", "--batch", stdout=StringIO())
        finally:
            connections.close_all()

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(120)
    page.locator("#report-job-file").wait_for(timeout=30_000)  # the poll saw it done and reloaded the page
    assert "报告已生成" in page.locator("#report-job").inner_text()
    with page.expect_download(timeout=60_000) as download:
        page.locator("#report-job-file").click()
    assert download.value.suggested_filename == f"campaign-report-{county.township_a.code}-2010-zh-hans.pdf"
    assert download.value.path().read_bytes().startswith(b"%PDF")
    assert errors == []
