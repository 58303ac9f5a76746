"""In Chromium, under the Content-Security-Policy: the main pages of each kind log no policy
violation and no console error, and what inline handlers used to do (confirm, print) still works.

Every ``securitypolicyviolation`` event of every page is reported to the test through a binding
installed before the page's own scripts run, so a violation on any page of a walk is caught."""

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import ConsoleMessage, expect

from exchange.models import ImportJob, ImportKind, ImportStatus
from learning import services as learning_services
from learning.models import Channel
from supervision import services as supervision_services
from supervision.models import DemonstrationSite
from xianfeng.tests import factories as f
from xianfeng.tests.browser import pass_two_factor

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PASSWORD = f.PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"Chromium is not installed at {CHROMIUM}"),
]

WATCH = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.cspViolation(`${location.pathname}: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} ${e.sample || ""}`);
});
window.print = () => { document.documentElement.dataset.printed = "yes"; };
"""


@dataclass
class Watch:
    violations: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)

    def clean(self) -> bool:
        return not self.violations and not self.errors


@pytest.fixture
def watch(page) -> Iterator[Watch]:
    w = Watch()
    page.expose_function("cspViolation", lambda text: w.violations.append(text))
    page.add_init_script(WATCH)

    def console(message: ConsoleMessage) -> None:
        # Chromium asks every site for /favicon.ico; there is none, and that 404 is no page's doing.
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            w.errors.append(f"{page.url}: {message.text} {message.location.get('url', '')}")

    page.on("console", console)
    page.on("pageerror", lambda e: w.errors.append(f"{page.url}: {e}"))
    page.on("framenavigated", lambda frame: w.pages.append(frame.url) if frame == page.main_frame else None)
    yield w


def visit(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")


def log_in(page, url: str, username: str) -> None:
    page.context.clear_cookies()
    visit(page, url)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_load_state("networkidle")
    pass_two_factor(page, username)
    page.wait_for_load_state("networkidle")


def test_the_main_pages_log_no_policy_violation(page, live_server, county, personas, watch):
    base = live_server.url
    site = supervision_services.demonstration_site_create(organization=county.village_a1, year=2010, reason="示范")
    job = ImportJob.objects.create(
        user=personas.county_admin,
        kind=ImportKind.MEMBERS,
        file="x.xlsx",
        status=ImportStatus.COMMITTING,
        total_rows=200,
        processed_rows=50,
    )

    # The login page, and signing in through it (form-action 'self').
    log_in(page, f"{base}/accounts/login/", "county_admin")
    assert page.url == f"{base}/"
    visit(page, f"{base}/")
    assert page.locator("h1").count() >= 1

    # The dashboard with its ECharts charts drawn, and a tooltip shown.
    visit(page, f"{base}{reverse('reports:dashboard')}")
    page.wait_for_selector('[data-chart="children"] svg')
    assert page.locator("[data-chart] svg").count() >= 8
    chart = page.locator('[data-chart="reviews"]')
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(300)
    assert page.locator("head style").count() == 0

    # A list with its filters, and the confirmation that used to be an onsubmit handler.
    visit(page, f"{base}{reverse('supervision:site_list')}")
    page.fill("input[name=year]", "2010")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_load_state("networkidle")
    assert "year=2010" in page.url
    page.get_by_role("button", name="移除").click()
    dialog = page.get_by_test_id("confirm-dialog")  # site.js's <dialog>, no window.confirm
    assert dialog.locator("p").inner_text() == "确定移除该示范点？"
    dialog.get_by_role("button", name="取消").click()
    expect(dialog).to_have_count(0)  # removed on its close event, dispatched after the click
    assert DemonstrationSite.objects.filter(pk=site.pk).exists()  # dismissed: nothing removed

    # htmx polls an import's progress: no injected <style>, no eval.
    with page.expect_response(lambda r: r.url.endswith(reverse("exchange:job_progress", args=[job.pk]))):
        visit(page, f"{base}{reverse('exchange:job', args=[job.pk])}")
    page.wait_for_timeout(1200)  # one more poll, swapped in
    assert page.locator("#import-progress progress").get_attribute("value") == "25"
    assert page.locator("head style").count() == 0

    # The public village page (its QR code an image of this origin) and the poster (inline SVG).
    page.context.clear_cookies()
    code = county.village_a1.code
    visit(page, f"{base}{reverse('portal:village_list')}")
    visit(page, f"{base}{reverse('portal:village', args=[code])}")
    assert page.locator("figure.qr img").evaluate("img => img.naturalWidth") > 0
    visit(page, f"{base}{reverse('portal:poster', args=[code])}")
    assert page.locator(".poster-qr svg").count() == 1
    page.get_by_role("button", name="打印").click()
    assert page.locator("html").get_attribute("data-printed") == "yes"

    assert watch.clean(), "\n".join(watch.violations + watch.errors)


def test_the_confirmation_asks_in_english_too(page, live_server, county, personas, watch):
    supervision_services.demonstration_site_create(organization=county.village_a1, year=2010, reason="示范")
    log_in(page, f"{live_server.url}/accounts/login/", "county_admin")
    page.locator("form.langswitch button[value=en]").click()
    page.wait_for_load_state("networkidle")
    visit(page, f"{live_server.url}{reverse('supervision:site_list')}")
    # The question opens in the page's own <dialog> (site.js), its buttons in the page's language.
    page.get_by_role("button", name="Remove").click()
    dialog = page.get_by_test_id("confirm-dialog")
    assert dialog.locator("p").inner_text() == "Remove this demonstration site?"
    with page.expect_navigation():
        dialog.get_by_role("button", name="OK").click()
    page.wait_for_load_state("networkidle")
    assert not DemonstrationSite.objects.exists()  # accepted: removed
    assert watch.clean(), "\n".join(watch.violations + watch.errors)


def test_select_all_and_the_year_picker_work_without_inline_handlers(page, live_server, county, personas, watch):
    f.member(county.village_a1, county.group_a1, name="王党员")
    training = learning_services.training_create(
        channel=Channel.FARM_CLASSROOM,
        topic="茶叶种植",
        trainer_name="农技站",
        organization=county.village_a1,
        date=dt.date(2010, 3, 1),
        hours=2,
    )
    log_in(page, f"{live_server.url}/accounts/login/", "county_admin")
    visit(page, f"{live_server.url}{reverse('learning:attendance_add', args=[training.pk])}")
    boxes = page.locator("input[name=people]")
    assert boxes.count() == 2
    page.locator("input[data-check-all=people]").check()
    assert [boxes.nth(i).is_checked() for i in range(2)] == [True, True]
    page.locator("input[data-check-all=people]").uncheck()
    assert [boxes.nth(i).is_checked() for i in range(2)] == [False, False]

    log_in(page, f"{live_server.url}/accounts/login/", "member")
    visit(page, f"{live_server.url}{reverse('practice:my_record')}")
    year = int(page.locator("select[name=year]").input_value())
    with page.expect_navigation():
        page.select_option("select[name=year]", str(year - 1))
    assert page.url.endswith(f"?year={year - 1}")
    assert watch.clean(), "\n".join(watch.violations + watch.errors)


def test_django_admin_works_under_the_policy(page, live_server, county, watch):
    f.superuser("root")
    base = live_server.url
    log_in(page, f"{base}/admin/login/", "root")
    assert page.url == f"{base}/admin/"
    visit(page, f"{base}/admin/organizations/organization/")
    page.fill("#searchbar", "念山")
    page.locator("#changelist-search input[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "念山村" in page.locator("#result_list").inner_text()
    visit(page, f"{base}/admin/organizations/organization/add/")
    visit(page, f"{base}/admin/organizations/organization/?_popup=1&_to_field=id")  # a raw-id lookup
    visit(page, f"{base}/admin/organizations/organization/{county.village_a1.pk}/history/")
    visit(page, f"{base}/admin/village_affairs/disclosure/?status=published")  # list filters, no actions
    visit(page, f"{base}/admin/auth/user/{get_user_model().objects.get(username='root').pk}/change/")
    assert page.locator("#user_form").count() == 1
    assert watch.clean(), "\n".join(watch.violations + watch.errors)
