"""In Chromium: the home page leads with the to-do list, the navigation's counts load after the page
(htmx, no inline script), and the first item opens the page that does it — in Chinese and English."""

import os

import pytest

from notifications.services import reminders_send
from xianfeng.tests.test_browser_csp import log_in, visit, watch  # noqa: F401 - the fixture
from xianfeng.tests.test_todos import work  # noqa: F401 - the fixture

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"Chromium is not installed at {CHROMIUM}"),
]


def test_the_village_admin_works_from_the_to_do_list(page, live_server, personas, work, watch):  # noqa: F811
    base = live_server.url
    reminders_send(day=work["period"].start.replace(month=11, day=5), backends=[], users=[personas.village_admin_b])
    log_in(page, f"{base}/accounts/login/", "village_b1")
    visit(page, f"{base}/")
    first_card = page.locator("main .card").first
    assert first_card.get_attribute("id") == "todos"
    items = page.locator("#todos li[data-todo]")
    assert items.count() >= 3
    # The counts arrive after the page, through htmx.
    page.wait_for_selector("nav [data-todo-count]", state="attached")
    assert page.locator("nav [data-todo-count]").get_attribute("data-todo-count") == str(items.count())
    assert int(page.locator("nav [data-unread-count]").get_attribute("data-unread-count")) > 0
    assert "已逾期" in items.first.inner_text()
    items.first.locator("a").click()
    page.wait_for_load_state("networkidle")
    assert "/affairs/" in page.url
    page.locator("form.langswitch button[value=en]").click()
    page.wait_for_load_state("networkidle")
    visit(page, f"{base}/todos/")
    assert "My to-dos" in page.content() and "Overdue" in page.locator("#todos").inner_text()
    visit(page, f"{base}/notifications/")
    page.get_by_role("button", name="Mark all as read").click()
    page.wait_for_load_state("networkidle")
    assert "No unread reminders." in page.content()
    assert watch.clean(), "\n".join(watch.violations + watch.errors)
