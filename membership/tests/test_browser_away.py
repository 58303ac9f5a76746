"""A branch secretary records a member away and marks them out of contact in a real browser, then reads it in English."""

import os

import pytest

from membership.models import Away
from xianfeng.tests import factories as f
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


def test_the_branch_records_a_member_away_and_out_of_contact(page, live_server, county, personas, settings):
    settings.XIANFENG_TODAY = "2010-12-20"
    person = f.member(county.village_b1, county.group_b1, name="外出戊")
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "village_b1")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/membership/")
    page.get_by_role("link", name="流动党员", exact=True).click()
    page.get_by_role("link", name="登记流动党员").click()
    page.select_option("select[name=person]", str(person.pk))
    page.fill("input[name=since]", "2010-12-21")
    page.fill("input[name=place]", "广东省东莞市")
    page.fill("input[name=contact]", "13912345678")
    page.fill("input[name=receiving]", "东莞市某镇流动党员党支部")
    page.get_by_role("button", name="保存").click()
    assert "外出日期不能晚于今天" in page.content() and not Away.objects.exists()  # refused, nothing recorded
    page.fill("input[name=since]", "2010-06-01")
    page.get_by_role("button", name="保存").click()
    assert "已登记流动党员" in page.content()
    page.fill("input[name=lose-on]", "2010-09-01")
    page.get_by_role("button", name="标记失去联系").last.click()
    assert "已标记失去联系" in page.content() and "自 2010-09-01 失去联系" in page.content()
    page.get_by_role("link", name="流动党员", exact=True).click()
    assert "外出戊" in page.content() and "139****5678" in page.content()
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.reload()
    assert "Out of contact since 2010-09-01" in page.content() and "Record a member away" in page.content()
