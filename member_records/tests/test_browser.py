"""In Chromium, in English: a village admin opens a member's record, is refused a post ending before it began
(nothing written), records it correctly and sees it on the record; the page logs no policy violation."""

import os

import pytest

from member_records.models import PostHeld
from xianfeng.tests import factories as f
from xianfeng.tests.test_browser_csp import log_in, visit, watch  # noqa: F401 - the fixture

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"Chromium is not installed at {CHROMIUM}"),
]


def test_a_village_admin_records_a_post_in_english(page, live_server, settings, county, personas, watch):  # noqa: F811
    settings.XIANFENG_TODAY = "2010-12-20"
    admin = f.user("village_a1", "village_admin", organization=county.village_a1)
    base = live_server.url
    log_in(page, f"{base}/accounts/login/", admin.username)
    page.locator("form.langswitch button[value=en]").click()
    page.wait_for_load_state("networkidle")
    visit(page, f"{base}/records/")
    page.get_by_role("link", name="李党员").click()
    page.wait_for_load_state("networkidle")
    assert "Recruitment (cultivation)" in page.content()
    page.locator("#posts a.button").click()
    page.wait_for_load_state("networkidle")
    page.fill("input[name=title]", "村民小组长")
    page.fill("input[name=organization]", "念山村第一村民小组")
    page.fill("input[name=start]", "2009-01-01")
    page.fill("input[name=end]", "2008-01-01")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "The end date cannot be earlier than the start date." in page.content()
    assert not PostHeld.objects.exists()
    page.fill("input[name=end]", "")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "Saved." in page.content() and "念山村第一村民小组" in page.locator("#posts").inner_text()
    assert PostHeld.objects.get().title == "村民小组长"
    assert watch.clean(), "\n".join(watch.violations + watch.errors)
