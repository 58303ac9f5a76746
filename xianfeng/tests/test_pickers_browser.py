"""In Chromium: a village admin finds a party member by typing, chooses with the keyboard, and saves the form."""

import os

import pytest

from common import pickers
from practice.models import MutualAidGroup
from xianfeng.tests import factories as f

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"Chromium is not installed at {CHROMIUM}"),
]


def test_a_picker_searches_as_one_types_and_chooses_with_the_keyboard(page, live_server, county, personas, monkeypatch):
    monkeypatch.setattr(pickers, "MAX_OPTIONS", 1)  # the small county's two members are "many"
    leader = f.member(county.village_b1, name="周全")
    f.member(county.village_b1, name="吴同")
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "village_b1")
    page.fill("input[name=password]", "pw-Zhenghe-2010")
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/practice/groups/new/")
    box = page.get_by_label("组长")
    assert page.locator("#id_leader_results li").count() == 0  # nothing listed before typing
    box.press_sequentially("周")
    page.locator("#id_leader_results li[data-pick-value]").first.wait_for()
    assert page.locator("#id_leader_results").inner_text().count("吴同") == 0
    assert box.get_attribute("aria-expanded") == "true"
    box.press("ArrowDown")
    box.press("Enter")
    assert page.locator("input[name=leader]").input_value() == str(leader.pk)
    assert box.input_value().startswith("周全")

    page.fill("input[name=name]", "茶叶互助组")
    page.fill("input[name=industry]", "茶叶")
    page.fill("input[name=founded_on]", "2010-05-01")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert MutualAidGroup.objects.get().leader == leader
    assert not [e for e in errors if "Content Security Policy" in e]
