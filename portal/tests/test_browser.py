"""In Chromium: a village admin takes a decision through its six steps and publishes a monthly
statement; an anonymous visitor on a phone opens the village page, sees both and leaves feedback."""

import datetime as dt
import os
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from village_affairs.models import Feedback
from village_affairs.triggers import suspended_for_test_teardown

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"Chromium is not installed at {CHROMIUM}"),
]

PASSWORD = "pw-Zhenghe-2010"


@pytest.fixture
def browser_context_args(browser_context_args):
    """A Chinese browser, as in the county: the pages are read in their source language."""
    return {**browser_context_args, "locale": "zh-CN"}


@pytest.fixture
def flushable(transactional_db):
    """Published rows refuse DELETE, so empty the tables here, with the triggers briefly removed."""
    yield
    with suspended_for_test_teardown():
        call_command("flush", interactive=False, verbosity=0)


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_load_state()


def confirm(page) -> None:
    """Answer the confirmation dialog of a one-way step (site.js) with its confirming button."""
    dialog = page.get_by_test_id("confirm-dialog")
    dialog.wait_for(state="visible")
    with page.expect_navigation():
        dialog.locator("button.button:not(.secondary)").click()
    page.wait_for_load_state()


def record_step(page, date: dt.date, content: str, *, one_way: bool = False, **numbers: object) -> None:
    form = page.locator("#step-form")
    form.locator("input[name=date]").fill(date.isoformat())
    for name, value in numbers.items():
        if name == "body":
            form.locator("select[name=body]").select_option(str(value))
        else:
            form.locator(f"input[name={name}]").fill(str(value))
    form.locator("textarea[name=content]").fill(content)
    form.locator("button[type=submit]").click()
    if one_way:
        confirm(page)
    page.wait_for_load_state()


def test_decision_and_statement_published_then_read_and_answered_on_a_phone(
    page, browser, live_server, county, personas, flushable, settings
):
    settings.VILLAGE_AFFAIRS = {"feedback_min_seconds": 1}
    village = county.village_b1
    today = timezone.localdate()
    log_in(page, live_server, "village_b1")

    # A decision through the six steps.
    page.goto(f"{live_server.url}/affairs/{village.code}/")
    page.locator("summary", has_text="登记新事项").click()
    page.fill("input[name=title]", "硬化通组公路")
    page.fill("input[name=raised_by_name]", "村党支部")
    page.locator("form[action$='/decisions/new/'] button[type=submit]").click()
    page.wait_for_load_state()
    start = today - dt.timedelta(days=30)
    meeting = {"due": 7, "present": 6, "votes_for": 6}
    record_step(page, start, "提议硬化通组公路", **meeting)
    record_step(page, start + dt.timedelta(days=2), "两委商议方案", **meeting)
    record_step(page, start + dt.timedelta(days=4), "党员大会审议", due=30, present=25, votes_for=24)
    record_step(
        page, start + dt.timedelta(days=6), "村民代表会议决议", body="representatives", due=45, present=36, votes_for=33
    )
    record_step(page, start + dt.timedelta(days=8), "决议在公开栏公示", one_way=True)
    record_step(page, today, "公路已完工，验收合格", one_way=True)
    assert page.locator("text=六个步骤均已完成").is_visible()

    # Last month's ledger: one entry, then its finance disclosure is published.
    last_month = today.replace(day=1) - dt.timedelta(days=1)
    page.goto(f"{live_server.url}/affairs/{village.code}/ledger/{last_month.year}/{last_month.month}/")
    entry = page.locator("#entry-form")
    entry.locator("input[name=date]").fill(last_month.replace(day=3).isoformat())
    entry.locator("select[name=direction]").select_option("income")
    entry.locator("select[name=category]").select_option("subsidy_income")
    entry.locator("input[name=amount]").fill("8888.00")
    entry.locator("input[name=voucher]").fill("记-001")
    entry.locator("input[name=description]").fill("上级转移支付")
    entry.locator("button[type=submit]").click()
    page.wait_for_load_state()
    page.locator("text=生成本月财务公开草稿").click()
    page.wait_for_load_state()
    page.locator("#publish").click()
    confirm(page)
    assert page.locator("text=公开后的内容不能修改或删除").first.is_visible()

    # An anonymous visitor on a phone.
    phone = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN")
    visitor = phone.new_page()
    visitor.goto(f"{live_server.url}/v/{village.code}/")
    decision = visitor.locator("#decisions details.item", has_text="硬化通组公路")
    decision.locator("summary").first.click()
    assert decision.get_by_text("公路已完工，验收合格").is_visible()
    statement = visitor.locator("#statements details.item").first
    statement.locator("summary").first.click()
    assert statement.locator("td", has_text=re.compile(r"8,?888\.00")).first.is_visible()
    assert visitor.locator("img[alt='本页二维码']").is_visible()
    # Nothing spills sideways on a 375px screen.
    assert visitor.evaluate("document.documentElement.scrollWidth") <= 375 + 1
    statement.locator("summary", has_text="对此留言").click()
    statement.locator("textarea[name=text]").fill("转移支付用在哪里了？")
    visitor.wait_for_timeout(1100)  # a person takes longer than feedback_min_seconds to write
    statement.locator("button[type=submit]").click()
    visitor.wait_for_load_state()
    assert visitor.locator("text=意见已提交").is_visible()
    phone.close()
    assert Feedback.objects.get().text == "转移支付用在哪里了？"
