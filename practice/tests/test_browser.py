"""In Chromium: a member claims a post and makes a commitment; the branch assigns and rates it;
the member's practice record and pre-filled Five-Lead assessment show it."""

import datetime as dt
import os

import pytest
from django.utils import timezone

from evaluation import services as evaluation
from practice import services

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"Chromium is not installed at {CHROMIUM}"),
]

PASSWORD = "pw-Zhenghe-2010"


def log_in(page, live_server, username):
    page.context.clear_cookies()
    # Chromium asks for English; the strings checked here are the Chinese source strings.
    page.context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": live_server.url}])
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_load_state()


def test_member_claims_and_promises_branch_assigns_and_rates_record_and_assessment_show_it(
    page,
    live_server,
    county,
    personas,
    village_admin_a1,
):
    year = timezone.localdate().year
    post = services.post_announce(
        village=county.village_a1,
        kind="prosperity",
        title="茶叶带富岗",
        duties="带动5户茶农增收",
        year=year,
        announced_on=dt.date(year, 1, 2),
    )

    log_in(page, live_server, "member")
    page.goto(f"{live_server.url}/practice/posts/")
    page.get_by_test_id(f"claim-{post.pk}").click()
    page.wait_for_load_state()
    assert "已申请认领岗位" in page.content()
    page.goto(f"{live_server.url}/practice/commitments/new/")
    page.fill("textarea[name=text]", "年内带动5户茶农增收")
    page.fill("input[name=deadline]", f"{year}-12-31")
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    assert "年内带动5户茶农增收" in page.locator("#commitments").inner_text()

    claim = post.claims.get()
    log_in(page, live_server, "village_a1")
    page.goto(f"{live_server.url}/practice/posts/{post.pk}/")
    page.get_by_test_id(f"assign-{claim.pk}").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("claim-status").inner_text() == "已定岗"
    page.get_by_test_id(f"rate-{claim.pk}").click()
    page.fill("input[name=stars]", "4")
    page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    assert page.get_by_test_id("stars").inner_text() == "4★"

    _good, five_lead = evaluation.standards_install_zhenghe(county=county.county, effective_from=dt.date(year, 1, 1))
    period = evaluation.period_create(
        county=county.county,
        year=year,
        name=f"{year}年度",
        start=dt.date(year, 1, 1),
        end=dt.date(year, 12, 31),
        self_deadline=dt.date(year, 12, 31),
        review_deadline=dt.date(year + 1, 1, 15),
        approval_deadline=dt.date(year + 1, 1, 31),
    )
    assessment = evaluation.assessment_start(period=period, standard=five_lead, person=personas.member_person)

    log_in(page, live_server, "member")
    page.goto(f"{live_server.url}/practice/record/me/")
    assert page.get_by_test_id("posts").inner_text() == "1"
    assert "茶叶带富岗" in page.locator("#record-posts").inner_text()
    assert "4★" in page.locator("#record-posts").inner_text()
    assert "年内带动5户茶农增收" in page.locator("#record-commitments").inner_text()
    page.goto(f"{live_server.url}/evaluation/assessments/{assessment.pk}/")
    content = page.content()
    assert "预填依据" in content and "认领岗位1个：茶叶带富岗（4星）" in content
    assert "承诺1项，已兑现0项" in content
