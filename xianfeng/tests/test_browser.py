"""In Chromium: a township admin signs in, browses the tree, switches to English and previews an import."""

import os
from pathlib import Path

import pytest

from exchange.tests.helpers import xlsx
from organizations.models import Organization

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"Chromium is not installed at {CHROMIUM}"),
]


def test_township_admin_browses_switches_language_and_previews_an_import(page, live_server, county, personas, tmp_path):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "township_a")
    page.fill("input[name=password]", "pw-Zhenghe-2010")
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_load_state()

    # The tree shows township A and its villages, not township B.
    page.goto(f"{live_server.url}/org/")
    tree = page.locator("main").inner_text()
    assert "熊山镇" in tree and "念山村" in tree
    assert "东平镇" not in tree
    page.get_by_role("link", name="念山村").first.click()
    page.wait_for_load_state()
    assert county.village_a1.code in page.locator("main").inner_text()

    # Switch to English: the navigation follows.
    page.locator("form.langswitch button[value=en]").click()
    page.wait_for_load_state()
    assert "Home" in page.locator("nav.mainnav").inner_text()

    # Preview an import with one bad row: the error is shown in English and nothing is written.
    bad = Path(tmp_path) / "villages.xlsx"
    bad.write_bytes(xlsx(["区划代码", "名称"], [["350725100203", "新村"], ["3507251002", "短代码"]]))
    page.goto(f"{live_server.url}/import/")
    page.select_option("select[name=kind]", "villages")
    page.set_input_files("input[name=file]", str(bad))
    page.get_by_role("button", name="Upload and validate").click()
    page.wait_for_load_state()
    body = page.locator("main").inner_text()
    assert "3507251002" in body
    assert page.get_by_role("button", name="Confirm import").count() == 0
    assert not Organization.objects.filter(code="350725100203").exists()

    # A good file previews, then commits.
    good = Path(tmp_path) / "good.xlsx"
    good.write_bytes(xlsx(["区划代码", "名称"], [["350725100203", "新村"]]))
    page.goto(f"{live_server.url}/import/")
    page.select_option("select[name=kind]", "villages")
    page.set_input_files("input[name=file]", str(good))
    page.get_by_role("button", name="Upload and validate").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Confirm import").click()
    page.wait_for_load_state()
    assert Organization.objects.filter(code="350725100203", parent=county.township_a).exists()
