"""In Chromium: a township admin scores a village and submits it; the county admin approves it and sees it ranked."""

import os
from decimal import Decimal

import pytest

from evaluation import services
from evaluation.models import Assessment, Status
from xianfeng.tests.browser import confirm, pass_two_factor

from .conftest import make_period, make_small_standard, walk

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"Chromium is not installed at {CHROMIUM}"),
]

PASSWORD = "pw-Zhenghe-2010"


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_load_state()
    pass_two_factor(page, username)  # the county admin must use two-factor


def test_township_admin_reviews_and_county_admin_approves_and_sees_the_ranking(page, live_server, county, personas):
    standard, big, small_item = make_small_standard(county.county)
    period = make_period(county.county)
    assessment = services.assessment_start(period=period, standard=standard, organization=county.village_a1)
    walk(assessment, ("55", "35"), until="review")

    log_in(page, live_server, "township_a")
    page.goto(f"{live_server.url}/evaluation/assessments/{assessment.pk}/")
    page.fill(f"input[name=score_{big.pk}]", "52")
    page.fill(f"input[name=score_{small_item.pk}]", "33")
    page.click("button[value=review_submit]")
    confirm(page)  # the review goes up to the county: the page asks first
    assert page.get_by_test_id("status").inner_text() == str(Status.APPROVAL.label)

    log_in(page, live_server, "county_admin")
    page.goto(f"{live_server.url}/evaluation/assessments/{assessment.pk}/")
    page.click("button[value=approve]")
    confirm(page)
    assert page.get_by_test_id("status").inner_text() == str(Status.APPROVED.label)

    page.goto(f"{live_server.url}/evaluation/ranking/")
    row = page.locator("#ranking tbody tr").first
    assert "念山村" in row.inner_text()
    assert "85" in row.inner_text()
    row = Assessment.objects.with_status().with_total().get(pk=assessment.pk)
    assert (row.status, row.total) == (Status.APPROVED, Decimal("85"))
