"""In Chromium: a village admin publishes a disclosure (the dialog says what cannot be undone; cancel
changes nothing), then corrects it; both are public, each pointing at the other."""

import datetime as dt
import os

import pytest

from portal.tests.test_browser import CHROMIUM, confirm, flushable, log_in  # noqa: F401 - the fixture, shared
from village_affairs import services
from village_affairs.models import Disclosure

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"Chromium is not installed at {CHROMIUM}"),
]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN"}


@pytest.mark.usefixtures("flushable")
def test_village_admin_publishes_then_corrects_a_disclosure(page, live_server, county, personas):
    village = county.village_b1
    draft = services.disclosure_create(
        village=village, kind="affairs", year=dt.date.today().year - 1, period_number=4, content="修路花费3万元"
    )
    log_in(page, live_server, "village_b1")
    page.goto(f"{live_server.url}/affairs/{village.code}/disclosures/{draft.pk}/")
    page.locator("#publish").click()
    dialog = page.get_by_test_id("confirm-dialog")
    assert dialog.is_visible() and "只能另发一份更正公开" in dialog.inner_text()
    dialog.get_by_role("button", name="取消").click()
    assert Disclosure.objects.get(pk=draft.pk).status == "draft"
    page.locator("#publish").click()
    confirm(page)
    assert Disclosure.objects.get(pk=draft.pk).status == "published"

    page.locator("#correct").click()
    page.wait_for_load_state()
    page.fill("textarea[name=content]", "修路花费2.8万元")
    page.fill("textarea[name=reason]", "金额抄错")
    page.get_by_role("button", name="保存更正草稿").click()
    page.wait_for_load_state()
    correction = Disclosure.objects.get(corrects=draft)
    assert page.get_by_test_id("corrects").is_visible()
    page.locator("#publish").click()
    confirm(page)
    assert Disclosure.objects.get(pk=correction.pk).status == "published"
    assert Disclosure.objects.get(pk=draft.pk).content == "修路花费3万元"

    page.goto(f"{live_server.url}/affairs/{village.code}/disclosures/{draft.pk}/")
    assert page.get_by_test_id("corrected-by").get_by_text("已更正").is_visible()
    page.goto(f"{live_server.url}/v/{village.code}/")
    original = page.locator(f"#disclosure-{draft.pk}")
    original.locator("summary").first.click()
    original.get_by_test_id("corrected-by").get_by_role("link").click()
    assert page.locator(f"#disclosure-{correction.pk}").is_visible()
