"""A branch secretary records the branch assembly (a one-way step) in a real browser: the dialog asks first."""

import datetime as dt
import os

import pytest

from membership.models import Recruit
from membership.tests.walk import walk
from xianfeng.tests.browser import confirm
from xianfeng.tests.factories import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"Chromium is not installed at {CHROMIUM}"),
]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN"}


def test_the_branch_records_the_assembly_after_the_dialog_and_reads_it_in_english(
    page, live_server, county, personas, settings
):
    settings.XIANFENG_TODAY = "2010-12-20"
    recruit = walk(county.village_b1, county.group_b1, until="form")
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "village_b1")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/membership/")
    page.get_by_role("link", name=recruit.person.name).click()
    page.select_option("select[name=step]", "assembly")
    page.fill("input[name=on]", dt.date(2009, 8, 25).isoformat())
    page.fill("input[name=basis]", "支部大会会议记录")
    page.get_by_role("button", name="登记", exact=True).click()
    confirm(page)
    assert "已登记步骤" in page.content()
    assert Recruit.objects.get(pk=recruit.pk).latest == 15
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.reload()
    assert "Branch assembly resolution" in page.content() and "Admission as probationary member" in page.content()
