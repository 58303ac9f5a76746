"""In Chromium on a 360 px phone, in both languages: the village page fits the screen, its tabs lead to
the sections, and a villager sends the village a general message."""

import datetime as dt

import pytest

from portal.tests.test_browser import CHROMIUM, flushable  # noqa: F401 - the fixture, shared
from village_affairs import services
from village_affairs.models import Feedback
from village_affairs.tests.helpers import aware, full_decision, publish_month

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not __import__("os").path.exists(CHROMIUM), reason=f"Chromium is not installed at {CHROMIUM}"),
]

PHONE = {"width": 360, "height": 740}
TEXTS = {
    "zh-CN": {"tab": "给村里留言", "sent": "意见已提交", "switch": "English", "lang": "en"},
    "en-US": {"tab": "Send the village a message", "sent": "has been sent", "switch": "简体中文", "lang": "zh-hans"},
}


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{width} px wide on a {PHONE['width']} px screen"


@pytest.mark.usefixtures("flushable")
@pytest.mark.parametrize("locale", list(TEXTS))
def test_a_villager_on_a_360px_phone_sends_the_village_a_message(browser, live_server, county, settings, locale):
    settings.VILLAGE_AFFAIRS = {"feedback_min_seconds": 1}
    village = county.village_a1
    full_decision(village, title="硬化通组公路及配套排水沟渠工程")
    publish_month(village, 2010, 3)
    item = services.disclosure_create(
        village=village,
        kind="affairs",
        year=2010,
        period_number=1,
        content="Infrastructure-maintenance-expenditure-reconciliation-statement-for-the-first-quarter " * 3,
    )
    services.disclosure_publish(disclosure=item, at=aware(dt.date(2010, 4, 2)))
    texts = TEXTS[locale]
    context = browser.new_context(viewport=PHONE, locale=locale, is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/v/{village.code}/")
    assert page.get_by_test_id("summary").is_visible()
    assert (
        "Zhenghe County" in page.get_by_test_id("summary").inner_text()
        or "政和县" in page.get_by_test_id("summary").inner_text()
    )
    page.locator("#disclosures details.item").first.locator("summary").first.click()  # open the long one
    _fits(page)
    # The other language, through the switch, fits too.
    page.get_by_test_id("language-switch").get_by_role("button", name=texts["switch"]).click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == texts["lang"]
    page.locator("#disclosures details.item").first.locator("summary").first.click()
    _fits(page)
    # Back to the visitor's own language, then to the message form by its tab.
    page.get_by_test_id("language-switch").locator("button:not(.active)").click()
    page.wait_for_load_state()
    page.get_by_test_id("tabs").get_by_role("link", name=texts["tab"]).click()
    form = page.get_by_test_id("message-form")
    assert form.is_visible()
    form.locator("textarea[name=text]").fill("村口的路灯坏了两个月了，什么时候修？")
    page.wait_for_timeout(1100)  # a person takes longer than feedback_min_seconds to write
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#feedback-result", has_text=texts["sent"]).is_visible()
    _fits(page)
    context.close()
    fb = Feedback.objects.get()
    assert fb.village_id == village.pk and fb.is_general and fb.text.startswith("村口的路灯")
