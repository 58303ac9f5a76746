"""In Chromium: each role does its main job starting from its home page's to-do list, and sees the item leave.

The linked leader records a review, the township admin reviews an assessment, the village admin
publishes and then corrects a disclosure, the member reports on a commitment; a villager on a
360 px phone sends the village a general message, which the village admin answers from their list.
The records are those of the to-do list's own tests (``test_todos.work``), on 2010-11-05.
"""

import os

import pytest

from evaluation.models import Assessment, Status
from portal.tests.test_browser import flushable  # noqa: F401 - the fixture
from practice.models import CommitmentReport
from supervision.models import Review
from village_affairs.models import Disclosure, DisclosureStatus, Feedback
from xianfeng.tests.browser import confirm
from xianfeng.tests.test_browser_csp import log_in, visit, watch  # noqa: F401 - the fixture
from xianfeng.tests.test_todos import TODAY, work  # noqa: F401 - the fixture

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PHONE = {"width": 360, "height": 740}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("flushable"),  # published disclosures refuse DELETE: the flush lifts that
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"Chromium is not installed at {CHROMIUM}"),
]


def open_item(page, base: str, kind: str) -> str:
    """On the home page, click the first to-do of ``kind``; return the link it followed."""
    visit(page, f"{base}/")
    link = page.locator(f'#todos li[data-todo="{kind}"] a').first
    href = link.get_attribute("href")
    assert href, f"no {kind} to-do on the home page"
    link.click()
    page.wait_for_load_state("networkidle")
    assert page.url.split("?")[0].endswith(href.split("?")[0])
    return href


def items(page, base: str, kind: str) -> int:
    """How many to-dos of ``kind`` the home page lists."""
    visit(page, f"{base}/")
    return page.locator(f'#todos li[data-todo="{kind}"]').count()


def test_the_leader_records_a_review_from_the_list(page, live_server, work, watch):  # noqa: F811
    base = live_server.url
    log_in(page, f"{base}/accounts/login/", work["leader"].username)
    open_item(page, base, "supervision.review")
    page.fill("input[name=date]", TODAY.isoformat())
    page.select_option("select[name=rating]", index=0)
    page.fill("textarea[name=findings]", "党员大会记录完整，建议加快茶叶合作社建设。")
    page.locator("main form button.primary").click()
    page.wait_for_load_state("networkidle")
    assert Review.objects.filter(findings__startswith="党员大会记录完整").count() == 1
    assert items(page, base, "supervision.review") == 0
    assert watch.clean(), "\n".join(watch.violations + watch.errors)


def test_the_township_admin_reviews_an_assessment_from_the_list(page, live_server, work, watch):  # noqa: F811
    base = live_server.url
    log_in(page, f"{base}/accounts/login/", "township_a")
    open_item(page, base, "evaluation.review")
    for score in page.locator("input[name^=score_]").all():
        score.fill("20")
    page.click("button[value=review_submit]")
    confirm(page)  # the review goes up to the county: the page asks first
    assert page.get_by_test_id("status").inner_text() == str(Status.APPROVAL.label)
    assert Assessment.objects.with_status().get(pk=work["a1"].pk).status == Status.APPROVAL
    assert items(page, base, "evaluation.review") == 0
    assert watch.clean(), "\n".join(watch.violations + watch.errors)


def test_the_village_admin_publishes_then_corrects_the_due_disclosure(page, live_server, county, work, watch):  # noqa: F811
    base = live_server.url
    log_in(page, f"{base}/accounts/login/", "village_b1")
    late = items(page, base, "village_affairs.disclosure_late")
    open_item(page, base, "village_affairs.disclosure_due")  # October's finance disclosure, due 2010-11-10
    create = page.locator("details", has=page.locator("form[action$='/disclosures/new/']"))
    create.locator("summary").first.click()
    page.select_option("select[name=kind]", "finance")
    page.fill("input[name=year]", "2010")
    page.fill("input[name=period_number]", "10")
    page.fill("textarea[name=content]", "十月收入1.2万元，支出0.3万元。")
    create.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    original = Disclosure.objects.get(village=county.village_b1, year=2010, period_number=10, kind="finance")
    page.locator("#publish").click()
    confirm(page)
    assert Disclosure.objects.get(pk=original.pk).status == DisclosureStatus.PUBLISHED
    assert items(page, base, "village_affairs.disclosure_due") == 0
    assert items(page, base, "village_affairs.disclosure_late") == late  # the earlier months are still late

    visit(page, f"{base}/affairs/{county.village_b1.code}/disclosures/{original.pk}/")
    page.locator("#correct").click()
    page.wait_for_load_state("networkidle")
    page.fill("textarea[name=content]", "十月收入1.2万元，支出0.35万元。")
    page.fill("textarea[name=reason]", "支出金额抄错")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    correction = Disclosure.objects.get(corrects=original)
    page.locator("#publish").click()
    confirm(page)
    assert Disclosure.objects.get(pk=correction.pk).status == DisclosureStatus.PUBLISHED
    assert Disclosure.objects.get(pk=original.pk).content == "十月收入1.2万元，支出0.3万元。"
    assert items(page, base, "village_affairs.disclosure_due") == 0
    assert watch.clean(), "\n".join(watch.violations + watch.errors)


def test_the_member_reports_a_commitment_from_the_list(page, live_server, work, watch):  # noqa: F811
    base = live_server.url
    log_in(page, f"{base}/accounts/login/", "member")
    open_item(page, base, "practice.commitment_report")
    page.fill("textarea[name=text]", "两户茶园已完成改造，产量翻番。")
    page.check("input[name=done]")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert CommitmentReport.objects.filter(commitment=work["commitment"], done=True).count() == 1
    assert items(page, base, "practice.commitment_report") == 0
    assert watch.clean(), "\n".join(watch.violations + watch.errors)


def test_a_villager_on_a_phone_sends_a_message_the_village_admin_answers_from_the_list(
    browser,
    page,
    live_server,
    county,
    personas,
    settings,
    watch,  # noqa: F811 - the fixture
):
    settings.XIANFENG_TODAY = TODAY.isoformat()
    settings.VILLAGE_AFFAIRS = {"feedback_min_seconds": 1}
    base = live_server.url
    village = county.village_b1
    phone = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True)
    villager = phone.new_page()
    villager.goto(f"{base}/v/{village.code}/")
    villager.get_by_test_id("tabs").get_by_role("link", name="给村里留言").click()
    form = villager.get_by_test_id("message-form")
    form.locator("textarea[name=text]").fill("村口的路灯坏了两个月了，什么时候修？")
    villager.wait_for_timeout(1100)  # a person takes longer than feedback_min_seconds to write
    form.locator("button[type=submit]").click()
    villager.wait_for_load_state()
    assert villager.locator("#feedback-result", has_text="意见已提交").is_visible()
    assert villager.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.close()
    feedback = Feedback.objects.get(village=village)
    assert feedback.is_general

    log_in(page, f"{base}/accounts/login/", "village_b1")
    open_item(page, base, "village_affairs.feedback")
    page.fill("textarea[name=answer]", "已报乡镇，下周更换路灯。")
    page.get_by_role("button", name="答复").click()
    confirm(page)
    assert Feedback.objects.get(pk=feedback.pk).answer == "已报乡镇，下周更换路灯。"
    assert items(page, base, "village_affairs.feedback") == 0
    assert watch.clean(), "\n".join(watch.violations + watch.errors)
