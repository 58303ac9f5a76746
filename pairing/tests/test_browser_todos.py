"""In Chromium, in English: the partner unit's contact records the help a quiet pairing gave, starting from
the to-do list, and both of the pairing's items (record something, report the year's help) leave it."""

import os

import pytest

from pairing.models import Contribution
from xianfeng.tests.test_browser_csp import log_in, visit, watch  # noqa: F401 - the fixture

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"Chromium is not installed at {CHROMIUM}"),
]


def test_the_partner_records_help_from_the_list_in_english(page, live_server, settings, partner, watch):  # noqa: F811
    settings.XIANFENG_TODAY = "2010-11-05"
    base = live_server.url
    log_in(page, f"{base}/accounts/login/", partner.username)
    page.locator("form.langswitch button[value=en]").click()
    page.wait_for_load_state("networkidle")
    visit(page, f"{base}/")
    todos = page.locator("#todos")
    assert [li.get_attribute("data-todo") for li in todos.locator("li[data-todo]").all()] == [
        "pairing.delivery",
        "pairing.year_report",
    ]
    assert "Overdue" in todos.inner_text() and "Report the help given in 2010" in todos.inner_text()
    todos.locator('li[data-todo="pairing.delivery"] a').click()
    page.wait_for_load_state("networkidle")
    assert "/contributions/add/" in page.url
    # A date after the campaign's today is refused, and nothing is saved.
    page.fill("input[name=date]", "2010-11-30")
    page.fill("textarea[name=description]", "Helped draw up the tea cooperative's plan")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "/contributions/add/" in page.url and not Contribution.objects.exists()
    page.fill("input[name=date]", "2010-11-05")
    page.locator("input[name=kinds][value=plans]").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert Contribution.objects.get().description == "Helped draw up the tea cooperative's plan"
    visit(page, f"{base}/")
    assert page.locator("#todos li[data-todo]").count() == 0
    assert "Nothing to do at the moment." in page.locator("[data-todo-empty]").inner_text()
    assert watch.clean(), "\n".join(watch.violations + watch.errors)
