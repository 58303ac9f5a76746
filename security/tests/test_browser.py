"""In Chromium: the audit administrator signs in, finds the security log in the navigation, searches it,
verifies the chain and exports it, under the Content-Security-Policy and without a console error."""

import os

import pytest
from django.urls import reverse

from accounts.models import Role
from security.models import Kind, SecurityEvent
from xianfeng.tests import factories as f
from xianfeng.tests.browser import pass_two_factor

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"Chromium is not installed at {CHROMIUM}"),
]

WATCH = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.cspViolation(`${location.pathname}: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
});
"""


def test_the_audit_administrator_reads_verifies_and_exports_the_log(page, live_server, county):
    auditor = f.user("auditor", Role.AUDIT_ADMIN)
    f.totp_device(auditor)
    problems: list[str] = []
    page.expose_function("cspViolation", lambda text: problems.append(text))
    page.add_init_script(WATCH)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on(
        "console",
        lambda m: problems.append(m.text) if m.type == "error" and "favicon" not in m.location.get("url", "") else None,
    )

    page.goto(f"{live_server.url}{reverse('accounts:login')}")
    page.fill("input[name=username]", "mallory")
    page.fill("input[name=password]", "wrong-Password-1")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    page.fill("input[name=username]", "auditor")
    page.fill("input[name=password]", f.PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    pass_two_factor(page, "auditor")

    page.locator("nav").get_by_role("link", name="安全日志").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "安全日志"
    assert "尚未校验" in page.get_by_test_id("verification").inner_text()

    page.select_option("select[name=kind]", Kind.LOGIN_FAILED)
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    table = page.get_by_test_id("events").inner_text()
    assert "mallory" in table and "登录失败" in table
    assert page.locator("[data-testid=events] tbody tr").count() == 1

    page.get_by_role("button", name="立即校验").click()
    page.wait_for_load_state()
    assert "链接无断裂" in page.get_by_test_id("verification").inner_text()

    with page.expect_download() as download:
        page.get_by_role("link", name="导出Excel").click()
    assert download.value.suggested_filename == "安全日志.xlsx"

    kinds = set(SecurityEvent.objects.values_list("kind", flat=True))
    assert {Kind.LOGIN_FAILED, Kind.LOGIN_SUCCEEDED, Kind.LOG_SEARCHED, Kind.LOG_VERIFIED, Kind.LOG_EXPORTED} <= kinds
    assert problems == []
